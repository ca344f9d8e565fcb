using Microsoft.Extensions.Logging;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Privacy;

/// <summary>The retention period of networks that do not set their own.</summary>
public sealed record RetentionPolicy(int DefaultDays);

/// <summary>
/// Retention (a daily timer): for every round whose retention period has run out, deletes the raw submissions, scores
/// and comments, completion and delivery records, survey and report links, report files and trained models. The
/// period counts from the round's end by its dates (<see cref="RetentionStart"/>) whatever state it is in, so a Draft
/// whose window passed unopened, or a round stuck in Closing, is purged like a closed one. The round's name and dates
/// stay, and, if the network keeps trends, its school aggregates suppressed at the school floor. Once no round of a
/// network is still within its period, its rosters and opt-outs (the only place emails live) go too. Each purge is
/// recorded in the audit log; a purged round is not visited again.
/// </summary>
public sealed partial class RetentionSweep(
    NetworkStore networks,
    RoundStore rounds,
    DataEraser eraser,
    AuditLog audit,
    PrivacyFloors floors,
    RetentionPolicy policy,
    TimeProvider clock,
    ILogger<RetentionSweep> logger)
{
    public const string Actor = "system:retention";

    /// <summary>Purges what is due; returns how many rounds were purged.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var purged = 0;
        await foreach (var network in networks.ListNetworksAsync(cancellationToken))
        {
            var retention = TimeSpan.FromDays(network.RetentionDays ?? policy.DefaultDays);
            var networkRounds = await rounds.ListAsync(network.Id, cancellationToken).ToListAsync(cancellationToken);
            foreach (var round in networkRounds.Where(r => r.PurgedAt is null && RetentionStart(r) + retention <= now))
            {
                await PurgeAsync(network, round, cancellationToken);
                purged++;
            }

            var stillNeeded = networkRounds.Any(r => RetentionStart(r) + retention > now);
            if (networkRounds.Count > 0 && !stillNeeded)
            {
                var people = await networks.DeleteRostersAsync(network.Id, cancellationToken);
                if (people > 0)
                {
                    await audit.RecordAsync(network.Id, Actor, "retention.rosters", network.Id, $"{people} roster people and opt-outs deleted: no round needs them", cancellationToken);
                }
            }
        }

        return purged;
    }

    /// <summary>
    /// When a round's retention period starts: when it closed, or else when it was to close. A round that never reaches
    /// Closed (a Draft never opened, a close that never finished) still has a close date, so nothing is kept for ever.
    /// </summary>
    public static DateTimeOffset RetentionStart(Round round) => round.ClosedAt ?? round.ClosesAt;

    private async Task PurgeAsync(Network network, Round round, CancellationToken cancellationToken)
    {
        var report = await eraser.EraseAsync(new ErasureScope(network.Id, round.Id), dryRun: false, cancellationToken, new RetentionKeep(network.KeepTrends, floors));
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await rounds.GetAsync(network.Id, round.Id, cancellationToken);
            if (stored is null || await rounds.TryReplaceAsync(stored, stored.Round with { PurgedAt = clock.GetUtcNow() }, cancellationToken) is not null)
            {
                break;
            }
        }

        var details = $"{round.State} round; " + string.Join(", ", report.Items.Select(i => $"{i.Count} {i.What}")) + (network.KeepTrends ? "; suppressed school aggregates kept for trends" : "; nothing kept");
        await audit.RecordAsync(network.Id, Actor, "retention.purge", round.Id, details, cancellationToken);
        LogPurged(logger, round.Id, report.Total);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purged round {RoundId} ({Items} items)")]
    private static partial void LogPurged(ILogger logger, string roundId, int items);
}
