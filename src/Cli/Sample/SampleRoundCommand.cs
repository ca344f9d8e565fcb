using System.CommandLine;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Cli.Sample;

/// <summary>
/// <c>readiness sample-round</c>: an open practice round for one sample school with a shared link per instrument,
/// so a person can fill in a survey on a local run. Prints the links (tokens exist in clear only here).
/// </summary>
public static class SampleRoundCommand
{
    public const string NetworkId = "sample-network";
    public const string RoundId = "sample-round";
    public const string SchoolId = "sample-school";

    public static Command Create()
    {
        var storage = Commands.StorageOption();
        var baseUrl = Commands.BaseUrlOption();
        var command = new Command("sample-round", "Open a practice round for a sample school and print a survey link per instrument.") { storage, baseUrl };
        command.SetAction(async (result, cancellationToken) =>
        {
            var links = await CreateAsync(StorageAccount.FromConnectionString(result.GetValue(storage)!), Catalog.LoadDefault(), TimeProvider.System, cancellationToken);
            foreach (var (instrument, token) in links)
            {
                Console.WriteLine($"{instrument,-18} {new Uri(new Uri(result.GetValue(baseUrl)!), $"/api/surveys/{token}")}");
            }

            return 0;
        });
        return command;
    }

    public static async Task<IReadOnlyList<(string Instrument, string Token)>> CreateAsync(StorageAccount storage, Catalog catalog, TimeProvider clock, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var rounds = new RoundStore(storage);
        var now = clock.GetUtcNow();
        var instruments = catalog.Instruments.GroupBy(i => i.Id).Select(g => g.MaxBy(i => i.Version)!).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        var existing = await rounds.GetAsync(NetworkId, RoundId, cancellationToken);
        var round = new Round(RoundId, NetworkId, "Practice round", RoundState.Open, now.AddHours(-1), now.AddDays(30),
            [.. instruments.Select(i => new RoundInstrument(i.Id, i.Version, ResponseMode.Anonymous))], [], existing?.Round.CreatedAt ?? now);
        if (existing is null)
        {
            await rounds.CreateAsync(round, cancellationToken);
        }
        else
        {
            await rounds.TryReplaceAsync(existing, round, cancellationToken);
        }

        var links = new LinkStore(storage);
        var tokens = new List<(string, string)>();
        foreach (var instrument in instruments)
        {
            var token = await links.CreateAsync(hash => new SurveyLink(hash, LinkKind.Shared, NetworkId, RoundId, SchoolId, instrument.Id, instrument.Version, null, false), cancellationToken);
            tokens.Add((instrument.Id, token));
        }

        return tokens;
    }
}
