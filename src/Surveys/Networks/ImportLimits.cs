namespace ReadinessPipeline.Surveys.Networks;

/// <summary>
/// Bounds on one imported file, so a hostile or mistaken upload cannot exhaust memory or bury the coach in errors.
/// Counting characters rather than bytes keeps the check independent of how the caller decoded the file.
/// </summary>
public sealed record ImportLimits(int MaxRows, int MaxCharacters, int MaxErrors)
{
    /// <summary>100,000 data rows, 10 MB (10 * 1024 * 1024 characters), the first 100 errors.</summary>
    public static ImportLimits Default { get; } = new(100_000, 10 * 1024 * 1024, 100);
}
