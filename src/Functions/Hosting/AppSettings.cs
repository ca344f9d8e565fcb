using Microsoft.Extensions.Options;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>Section "App": where the app is reachable, for every link in an email.</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>The app's public address (https in Azure).</summary>
    public string PublicUrl { get; set; } = "http://localhost:7071";

    public static ValidateOptionsResult Validate(AppOptions options) =>
        Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"App:PublicUrl must be an absolute http(s) address, not '{options.PublicUrl}'.");

    public PublicUrls Urls() => new(new Uri(PublicUrl.TrimEnd('/') + "/"));
}

/// <summary>Section "Intake": how the survey intake behaves under load.</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>How long a round read by the intake is reused; 0 turns the cache off.</summary>
    public double RoundCacheSeconds { get; set; } = 2;

    public static ValidateOptionsResult Validate(IntakeOptions options) =>
        options.RoundCacheSeconds is >= 0 and <= 60
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Intake:RoundCacheSeconds must be from 0 to 60, not {options.RoundCacheSeconds}.");
}

/// <summary>Rules for section "Email" (the options class lives with the senders).</summary>
public static class EmailRules
{
    public static ValidateOptionsResult Validate(ReadinessPipeline.Surveys.Email.EmailOptions options)
    {
        var problems = new List<string>();
        if (options.MaxAttempts is < 1 or > 10)
        {
            problems.Add($"Email:MaxAttempts must be from 1 to 10, not {options.MaxAttempts}.");
        }

        if (options.MaxRetryDelay < TimeSpan.Zero || options.MaxRetryDelay > TimeSpan.FromMinutes(10))
        {
            problems.Add("Email:MaxRetryDelay must be from 00:00:00 to 00:10:00.");
        }

        var backoff = options.MaxRetryDelay * Math.Max(0, options.MaxAttempts - 1);
        if (options.ClaimTimeout < TimeSpan.FromSeconds(1) || options.ClaimTimeout > TimeSpan.FromDays(1) || options.ClaimTimeout <= backoff)
        {
            problems.Add($"Email:ClaimTimeout must be from 00:00:01 to 1.00:00:00 and longer than the retry waits of one email ({backoff:c}), or a live worker's claim is taken over.");
        }

        if (options.From != "readiness@localhost" && !ReadinessPipeline.Surveys.Networks.EmailAddresses.TryNormalize(options.From, out _))
        {
            problems.Add($"Email:From '{options.From}' is not an email address.");
        }

        if (string.IsNullOrWhiteSpace(options.SendGridApiKey) && string.IsNullOrWhiteSpace(options.OutboxDirectory))
        {
            problems.Add("Email:OutboxDirectory is needed when there is no SendGrid key.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Section "Privacy": the minimum group sizes of every report.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>The lowest any floor may be set: smaller groups would identify people.</summary>
    public const int LowestFloor = PrivacyFloors.Lowest;

    public int SchoolFloor { get; set; } = PrivacyFloors.Default.School;

    public int NetworkFloor { get; set; } = PrivacyFloors.Default.Network;

    public int OpenTextFloor { get; set; } = PrivacyFloors.Default.OpenText;

    public int SmallCell { get; set; } = PrivacyFloors.Default.SmallCell;

    /// <summary>Minutes after a deletion before it runs once more, to catch anything work in flight wrote meanwhile.</summary>
    public double ErasureSweepMinutes { get; set; } = 15;

    /// <summary>Days after a round closes before retention removes its answers, scores, links and reports (a network may set its own).</summary>
    public int RetentionDays { get; set; } = 365;

    public static ValidateOptionsResult Validate(PrivacyOptions options)
    {
        var problems = new List<string>();
        if (options.SchoolFloor < LowestFloor)
        {
            problems.Add($"Privacy:SchoolFloor must be at least {LowestFloor}.");
        }

        if (options.NetworkFloor < options.SchoolFloor)
        {
            problems.Add("Privacy:NetworkFloor must be at least Privacy:SchoolFloor (results that leave a school need larger groups).");
        }

        if (options.OpenTextFloor < options.SchoolFloor)
        {
            problems.Add("Privacy:OpenTextFloor must be at least Privacy:SchoolFloor.");
        }

        if (options.SmallCell < 2)
        {
            problems.Add("Privacy:SmallCell must be at least 2.");
        }

        if (options.ErasureSweepMinutes is < 0 or > 1440)
        {
            problems.Add("Privacy:ErasureSweepMinutes must be from 0 to 1440.");
        }

        if (options.RetentionDays is < 1 or > 3650)
        {
            problems.Add("Privacy:RetentionDays must be from 1 to 3650.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public PrivacyFloors Floors() => new(SchoolFloor, NetworkFloor, OpenTextFloor, SmallCell);
}

/// <summary>Section "Profiles": when a closed round's profiles are built.</summary>
public sealed class ProfileOptions
{
    public const string Section = "Profiles";

    /// <summary>Seconds after closing, beyond the round cache's lifetime, before profiles are built.</summary>
    public double DelayMarginSeconds { get; set; } = RoundTiming.Default.ProfileMargin.TotalSeconds;

    public static ValidateOptionsResult Validate(ProfileOptions options) =>
        options.DelayMarginSeconds is >= 0 and <= 3600
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Profiles:DelayMarginSeconds must be from 0 to 3600, not {options.DelayMarginSeconds}.");
}

/// <summary>Binds an options class to its section; its rules run when the app starts, and every broken one is reported.</summary>
public static class OptionsRegistration
{
    public static void AddValidatedOptions<T>(this IServiceCollection services, string section, Func<T, ValidateOptionsResult> validate)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new RuleValidator<T>(validate));
    }

    private sealed class RuleValidator<T>(Func<T, ValidateOptionsResult> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) => validate(options);
    }
}
