namespace ReadinessPipeline.Tests.Infrastructure;

/// <summary>A clock the test sets; timers still run on real time.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;

    /// <summary>
    /// Marks this moment; disposing the result sets the clock back to it. A test that moves a clock other tests share
    /// holds one, so the clock is put back however the test ends.
    /// </summary>
    public IDisposable Checkpoint() => new Restore(this, Now);

    private sealed class Restore(TestClock clock, DateTimeOffset at) : IDisposable
    {
        public void Dispose() => clock.Now = at;
    }
}
