using System.Runtime.CompilerServices;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Tests.Storage;

public class ReadAheadTests
{
    private static async IAsyncEnumerable<int> Numbers(int count, Action<int>? produced = null, Exception? failAfter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            produced?.Invoke(i);
            yield return i;
        }

        if (failAfter is not null)
        {
            throw failAfter;
        }
    }

    [Fact]
    public async Task Items_come_through_in_order_and_all_of_them()
    {
        Assert.Equal(Enumerable.Range(0, 10_000), await Numbers(10_000).Prefetch(64).ToListAsync());
    }

    [Fact]
    public async Task The_source_runs_at_most_capacity_items_ahead()
    {
        var produced = -1;
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Numbers(1_000, i =>
        {
            Volatile.Write(ref produced, i);
            if (i == 11)
            {
                full.SetResult();
            }
        }).Prefetch(10).GetAsyncEnumerator();
        Assert.True(await reader.MoveNextAsync());

        // One item taken, ten waiting in the channel, and item 11 produced and waiting for room. Disposing the reader
        // stops the source and waits for it, so what it produced by then is final.
        await full.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await reader.DisposeAsync();
        Assert.Equal(11, Volatile.Read(ref produced));
    }

    [Fact]
    public async Task An_error_of_the_source_surfaces_where_the_reader_reaches_it()
    {
        var read = new List<int>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var item in Numbers(5, failAfter: new InvalidOperationException("page 2 failed")).Prefetch(2))
            {
                read.Add(item);
            }
        });

        Assert.Equal("page 2 failed", error.Message);
        Assert.Equal([0, 1, 2, 3, 4], read);
    }

    [Fact]
    public async Task Stopping_early_stops_the_source()
    {
        var produced = 0;
        var sourceEnded = false;
        async IAsyncEnumerable<int> Watched([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                await foreach (var item in Numbers(1_000_000, _ => Interlocked.Increment(ref produced), cancellationToken: cancellationToken))
                {
                    yield return item;
                }
            }
            finally
            {
                sourceEnded = true;
            }
        }

        await foreach (var item in Watched().Prefetch(4))
        {
            if (item == 2)
            {
                break;
            }
        }

        // Leaving the loop disposed the reader, which stopped the source and waited for it: nothing more is produced.
        Assert.True(sourceEnded);
        Assert.True(Volatile.Read(ref produced) < 100);
    }
}
