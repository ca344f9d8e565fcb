using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Access;

namespace ReadinessPipeline.Functions.Dashboard;

/// <summary>Section "Dashboard": how long a coach's session lasts, the time zone dates are shown and entered in, how often rates refresh.</summary>
public sealed class DashboardOptions : IValidatableObject
{
    public const string Section = "Dashboard";

    /// <summary>Minutes without a request before a session ends.</summary>
    [SettingRange(5, 240, ErrorMessage = "Dashboard:IdleMinutes must be from 5 to 240.")]
    public int IdleMinutes { get; set; } = (int)SessionLifetime.Default.Idle.TotalMinutes;

    /// <summary>Hours after signing in when a session ends, however busy.</summary>
    [SettingRange(1, 24, ErrorMessage = "Dashboard:SessionHours must be from 1 to 24.")]
    public int SessionHours { get; set; } = (int)SessionLifetime.Default.Lifetime.TotalHours;

    /// <summary>The IANA time zone a round's dates are entered and shown in (for example America/New_York).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Seconds between the round page's automatic updates of its response rates (with JavaScript).</summary>
    [SettingRange(1, 600, ErrorMessage = "Dashboard:RefreshSeconds must be from 1 to 600.")]
    public int RefreshSeconds { get; set; } = 15;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Dashboard:TimeZone '{TimeZone}' is not a time zone this machine knows (use an IANA id such as America/New_York).", [nameof(TimeZone)]);
        }
    }

    public SessionLifetime Lifetime() => new(TimeSpan.FromMinutes(IdleMinutes), TimeSpan.FromHours(SessionHours));

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

[OptionsValidator]
public sealed partial class DashboardOptionsValidator : IValidateOptions<DashboardOptions>;
