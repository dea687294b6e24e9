using Cairn.Engine.Concurrency;

namespace Cairn.Engine.Tests.Concurrency;

/// <summary>The queue between the backup's planner and writer: bounded, in order, and waiting without spinning on either side.</summary>
public sealed class HandOffQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void Every_item_comes_out_in_order_and_the_consumer_ends_after_the_last()
    {
        var queue = new HandOffQueue<int>(8);
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                queue.Add(i, CancellationToken.None);
            }

            queue.CompleteAdding();
        });

        var taken = Task.Run(() => queue.Consume().ToList());

        Assert.True(taken.Wait(Patience), "the consumer did not end");
        Assert.Equal(Enumerable.Range(0, 10_000), taken.Result);
        Assert.True(producer.Wait(Patience));
    }

    [Fact]
    public void A_full_queue_holds_the_producer_until_the_consumer_takes()
    {
        var queue = new HandOffQueue<int>(4);
        for (var i = 0; i < 4; i++)
        {
            queue.Add(i, CancellationToken.None);
        }

        var fifth = Task.Run(() => queue.Add(4, CancellationToken.None));
        Assert.False(fifth.Wait(TimeSpan.FromMilliseconds(200)), "the fifth item went into a queue of four");

        Assert.True(queue.TryTake(out var first));
        Assert.Equal(0, first);
        Assert.True(fifth.Wait(Patience), "taking an item did not let the producer on");
    }

    [Fact]
    public void Cancellation_wakes_a_producer_waiting_for_room()
    {
        var queue = new HandOffQueue<int>(2);
        queue.Add(1, CancellationToken.None);
        queue.Add(2, CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var waiting = Task.Run(() => queue.Add(3, stop.Token));
        Assert.False(waiting.Wait(TimeSpan.FromMilliseconds(100)));

        stop.Cancel();

        var error = Assert.Throws<AggregateException>(() => waiting.Wait(Patience));
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
    }

    [Fact]
    public void A_consumer_waiting_for_a_batch_gets_a_shorter_last_one_at_the_end()
    {
        var queue = new HandOffQueue<int>(64); // wakes its consumer every 16 items
        var taken = Task.Run(() => queue.Consume().ToList());
        Thread.Sleep(50); // the consumer is waiting on an empty queue

        queue.Add(1, CancellationToken.None);
        queue.Add(2, CancellationToken.None);
        queue.Add(3, CancellationToken.None);
        queue.CompleteAdding();

        Assert.True(taken.Wait(Patience), "the consumer did not see the end");
        Assert.Equal([1, 2, 3], taken.Result);
    }

    [Fact]
    public void Nothing_is_added_after_the_end()
    {
        var queue = new HandOffQueue<int>(4);
        queue.CompleteAdding();

        Assert.Throws<InvalidOperationException>(() => queue.Add(1, CancellationToken.None));
        Assert.Empty(queue.Consume());
    }
}
