using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Rounds;

/// <summary>
/// Rounds as the intake sees them, kept for a few seconds so a burst of submissions reads each round once.
/// Time-based opening and closing stay exact (the clock is checked on every request). A state change evicts the
/// round on the instance that made it; another instance can take up to <see cref="Lifetime"/> to see a manual
/// "close now", which is why closing waits longer than that before building profiles. A lifetime of zero turns
/// caching off. The entries live in a <see cref="MemoryCache"/> of its own whose clock is the app's
/// <see cref="TimeProvider"/>, so an entry expires on the same clock the rounds' windows are checked against.
/// </summary>
public sealed class RoundCache(RoundStore rounds, TimeProvider clock, TimeSpan lifetime) : IDisposable
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { Clock = new Clock(clock) });

    public TimeSpan Lifetime { get; } = lifetime;

    /// <summary>Drops a round that just changed state, so this instance sees the change at once.</summary>
    public void Evict(string networkId, string roundId) => _entries.Remove((networkId, roundId));

    public async Task<Round?> GetAsync(string networkId, string roundId, CancellationToken cancellationToken) =>
        _entries.TryGetValue((networkId, roundId), out Round? round) ? round : await GetFreshAsync(networkId, roundId, cancellationToken);

    /// <summary>The round as stored now, past the cache (which it refreshes).</summary>
    public async Task<Round?> GetFreshAsync(string networkId, string roundId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stored = (await rounds.GetAsync(networkId, roundId, cancellationToken))?.Round;

        // A round not found is not kept: it may be created the next moment.
        if (Lifetime > TimeSpan.Zero && stored is not null)
        {
            _entries.Set((networkId, roundId), stored, now + Lifetime);
        }

        return stored;
    }

    public void Dispose() => _entries.Dispose();

    private sealed class Clock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
