using System.Collections.Concurrent;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Rounds;

/// <summary>
/// Rounds as the intake sees them, kept for a few seconds so a burst of submissions reads each round once.
/// Time-based opening and closing stay exact (the clock is checked on every request). A state change evicts the
/// round on the instance that made it; another instance can take up to <see cref="Lifetime"/> to see a manual
/// "close now", which is why closing waits longer than that before building profiles. A lifetime of zero turns
/// caching off.
/// </summary>
public sealed class RoundCache(RoundStore rounds, TimeProvider clock, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<(string, string), (Round? Round, DateTimeOffset FetchedAt)> _entries = new();

    public TimeSpan Lifetime { get; } = lifetime;

    /// <summary>Drops a round that just changed state, so this instance sees the change at once.</summary>
    public void Evict(string networkId, string roundId) => _entries.TryRemove((networkId, roundId), out _);

    public async Task<Round?> GetAsync(string networkId, string roundId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue((networkId, roundId), out var entry) && now - entry.FetchedAt < Lifetime && entry.Round is not null)
        {
            return entry.Round;
        }

        var stored = await rounds.GetAsync(networkId, roundId, cancellationToken);
        if (Lifetime > TimeSpan.Zero)
        {
            _entries[(networkId, roundId)] = (stored?.Round, now);
        }

        return stored?.Round;
    }

    /// <summary>The round as stored now, past the cache (which it refreshes).</summary>
    public async Task<Round?> GetFreshAsync(string networkId, string roundId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stored = await rounds.GetAsync(networkId, roundId, cancellationToken);
        if (Lifetime > TimeSpan.Zero)
        {
            _entries[(networkId, roundId)] = (stored?.Round, now);
        }

        return stored?.Round;
    }
}
