using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>Reading a paged storage listing ahead of its consumer.</summary>
public static class ReadAhead
{
    /// <summary>
    /// Enumerates <paramref name="source"/> on a task of its own, at most <paramref name="capacity"/> items ahead of the
    /// caller, so the next page is being fetched while the caller works through the current one (and two listings
    /// walked side by side are fetched at the same time instead of taking turns). Order and items are unchanged; an
    /// error of the source surfaces where the caller reaches it; stopping early stops the source.
    /// </summary>
    public static async IAsyncEnumerable<T> Prefetch<T>(this IAsyncEnumerable<T> source, int capacity, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var item in source.WithCancellation(stop.Token))
                    {
                        await channel.Writer.WriteAsync(item, stop.Token);
                    }

                    channel.Writer.Complete();
                }
                catch (Exception e)
                {
                    // Handed to the consumer, which rethrows it where it reads.
                    channel.Writer.Complete(e);
                }
            },
            CancellationToken.None);

        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }
    }
}
