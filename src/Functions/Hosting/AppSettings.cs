using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>Section "App": where the app is reachable, for every link in an email.</summary>
public sealed class AppOptions : IValidatableObject
{
    public const string Section = "App";

    /// <summary>The app's public address (https in Azure).</summary>
    public string PublicUrl { get; set; } = "http://localhost:7071";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult($"App:PublicUrl must be an absolute http(s) address, not '{PublicUrl}'.", [nameof(PublicUrl)]);
        }
    }

    public PublicUrls Urls() => new(new Uri(PublicUrl.TrimEnd('/') + "/"));
}

/// <summary>Section "Intake": how the survey intake behaves under load, and what one client or one shared link may send.</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>How long a round read by the intake is reused; 0 turns the cache off.</summary>
    [SettingRange(0d, 60d, ErrorMessage = "Intake:RoundCacheSeconds must be from 0 to 60.")]
    public double RoundCacheSeconds { get; set; } = 2;

    /// <summary>The cap of a shared link whose school's expected students are unknown (or of a staff form's shared link).</summary>
    [SettingRange(1, SharedLinkCapRule.MaxCap, ErrorMessage = "Intake:SharedLinkDefaultCap must be from 1 to 100000.")]
    public int SharedLinkDefaultCap { get; set; } = SharedLinkCapRule.Standard.DefaultCap;

    /// <summary>How many more answers than the school's expected students a student form's shared link takes, in percent.</summary>
    [SettingRange(0, 1000, ErrorMessage = "Intake:SharedLinkHeadroomPercent must be from 0 to 1000.")]
    public int SharedLinkHeadroomPercent { get; set; } = SharedLinkCapRule.Standard.HeadroomPercent;

    /// <summary>How many submissions one client may send through one link at once, before <see cref="SubmissionsPerMinute"/> applies.</summary>
    [SettingRange(1, 100_000, ErrorMessage = "Intake:SubmissionBurst must be from 1 to 100000.")]
    public int SubmissionBurst { get; set; } = 100;

    /// <summary>How many more submissions a minute one client may send through one link once its burst is used up.</summary>
    [SettingRange(1, 100_000, ErrorMessage = "Intake:SubmissionsPerMinute must be from 1 to 100000.")]
    public int SubmissionsPerMinute { get; set; } = 60;

    public SharedLinkCapRule CapRule() => new(SharedLinkDefaultCap, SharedLinkHeadroomPercent);
}

/// <summary>Section "Privacy": the minimum group sizes of every report.</summary>
public sealed class PrivacyOptions : IValidatableObject
{
    public const string Section = "Privacy";

    /// <summary>The lowest any floor may be set: smaller groups would identify people.</summary>
    public const int LowestFloor = PrivacyFloors.Lowest;

    [SettingRange(LowestFloor, int.MaxValue, ErrorMessage = "Privacy:SchoolFloor must be at least 3.")]
    public int SchoolFloor { get; set; } = PrivacyFloors.Default.School;

    public int NetworkFloor { get; set; } = PrivacyFloors.Default.Network;

    public int OpenTextFloor { get; set; } = PrivacyFloors.Default.OpenText;

    [SettingRange(2, int.MaxValue, ErrorMessage = "Privacy:SmallCell must be at least 2.")]
    public int SmallCell { get; set; } = PrivacyFloors.Default.SmallCell;

    /// <summary>Minutes after a deletion before it runs once more, to catch anything work in flight wrote meanwhile.</summary>
    [SettingRange(0d, 1440d, ErrorMessage = "Privacy:ErasureSweepMinutes must be from 0 to 1440.")]
    public double ErasureSweepMinutes { get; set; } = 15;

    /// <summary>Days after a round closes before retention removes its answers, scores, links and reports (a network may set its own).</summary>
    [SettingRange(1, 3650, ErrorMessage = "Privacy:RetentionDays must be from 1 to 3650.")]
    public int RetentionDays { get; set; } = 365;

    /// <summary>The rules between floors, which attributes on one property cannot say.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (NetworkFloor < SchoolFloor)
        {
            yield return new ValidationResult("Privacy:NetworkFloor must be at least Privacy:SchoolFloor (results that leave a school need larger groups).", [nameof(NetworkFloor)]);
        }

        if (OpenTextFloor < SchoolFloor)
        {
            yield return new ValidationResult("Privacy:OpenTextFloor must be at least Privacy:SchoolFloor.", [nameof(OpenTextFloor)]);
        }
    }

    public PrivacyFloors Floors() => new(SchoolFloor, NetworkFloor, OpenTextFloor, SmallCell);
}

/// <summary>Section "Profiles": when a closed round's profiles are built, and how long a report link opens its report.</summary>
public sealed class ProfileOptions
{
    public const string Section = "Profiles";

    /// <summary>Seconds after closing, beyond the round cache's lifetime, before profiles are built.</summary>
    [SettingRange(0d, 3600d, ErrorMessage = "Profiles:DelayMarginSeconds must be from 0 to 3600.")]
    public double DelayMarginSeconds { get; set; } = RoundTiming.Default.ProfileMargin.TotalSeconds;

    /// <summary>Days a report link opens its report after its email is sent.</summary>
    [SettingRange(1, 3650, ErrorMessage = "Profiles:ReportLinkDays must be from 1 to 3650.")]
    public int ReportLinkDays { get; set; } = (int)ReportLinkLifetime.Default.Value.TotalDays;
}

/// <summary>
/// The checks of every options section, generated at build time from the data annotations and
/// <see cref="IValidatableObject"/> rules of each class; they run when the app starts (<see cref="Registrations"/>), and
/// every broken rule is reported at once.
/// </summary>
[OptionsValidator]
public sealed partial class AppOptionsValidator : IValidateOptions<AppOptions>;

[OptionsValidator]
public sealed partial class IntakeOptionsValidator : IValidateOptions<IntakeOptions>;

[OptionsValidator]
public sealed partial class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>;

[OptionsValidator]
public sealed partial class ProfileOptionsValidator : IValidateOptions<ProfileOptions>;

[OptionsValidator]
public sealed partial class EmailOptionsValidator : IValidateOptions<EmailOptions>;

[OptionsValidator]
public sealed partial class CoachOptionsValidator : IValidateOptions<CoachOptions>;

/// <summary>
/// [Range] with a message that names the setting. The options generator validates with its own copy of
/// RangeAttribute, which drops ErrorMessage (Microsoft.Extensions.Options.SourceGeneration 10.0 answers "The field
/// PrivacyOptions.SchoolFloor must be between ..."); a derived attribute is used as it is.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingRangeAttribute : RangeAttribute
{
    public SettingRangeAttribute(int minimum, int maximum)
        : base(minimum, maximum)
    {
    }

    public SettingRangeAttribute(double minimum, double maximum)
        : base(minimum, maximum)
    {
    }
}

/// <summary>Binds an options class to its section and checks it with its generated validator when the app starts.</summary>
public static class OptionsRegistration
{
    public static void AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
