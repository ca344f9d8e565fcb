namespace ReadinessPipeline.Tests.Infrastructure;

/// <summary>
/// A clock whose timers fire at once and move the clock on by their due time, so code that waits through
/// <c>Task.Delay(delay, clock)</c> costs the test no real time, and the waits it asked for are kept in order.
/// Timers are one-shot: a period is ignored.
/// </summary>
public sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _waits = [];
    private DateTimeOffset _now = start;

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_gate)
            {
                return [.. _waits];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return System.CreateTimer(callback, state, dueTime, Timeout.InfiniteTimeSpan);
        }

        lock (_gate)
        {
            _now += dueTime;
            _waits.Add(dueTime);
        }

        return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
