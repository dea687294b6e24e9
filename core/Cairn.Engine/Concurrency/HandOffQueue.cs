namespace Cairn.Engine.Concurrency;

/// <summary>
/// A bounded queue from one producer thread to one consumer thread that waits without spinning: a waiting side sleeps
/// on the queue's monitor, and is woken a quarter of the capacity at a time (the consumer once that many items wait,
/// or at the end; the producer once that many slots are free).
/// </summary>
/// <remarks>
/// <see cref="System.Collections.Concurrent.BlockingCollection{T}"/> spins before it sleeps (its semaphores, its
/// concurrent queue, their locks), and a backup's planner and writer, handing each other one small entry at a time,
/// spun all the time: 150,000 <c>sched_yield</c> calls in an incremental backup of 101,000 unchanged files, each a
/// time slice given up by a thread that had work. Waking the other side for every item instead made each hand-off a
/// sleep and a wake: as little CPU, but that incremental took 15% longer. A consumer that must not wait for a batch
/// (one whose producer waits for it to finish) is not what this is for.
/// </remarks>
internal sealed class HandOffQueue<T>
{
    private readonly Queue<T> _items;
    private readonly int _capacity;
    private readonly int _batch;
    private bool _completed;
    private bool _consumerWaits;
    private bool _producerWaits;

    /// <summary>A queue that holds at most <paramref name="capacity"/> items.</summary>
    public HandOffQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _batch = Math.Max(1, capacity / 4);
        _items = new Queue<T>(capacity);
    }

    /// <summary>Adds an item, waiting while the queue is full.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while it waited.</exception>
    /// <exception cref="InvalidOperationException">The queue was completed.</exception>
    public void Add(T item, CancellationToken cancellationToken)
    {
        lock (_items)
        {
            while (_items.Count >= _capacity)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _producerWaits = true;
                WaitWhileWatching(cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (_completed)
            {
                throw new InvalidOperationException("The queue is complete: nothing more can be added.");
            }

            _items.Enqueue(item);
            if (_consumerWaits && _items.Count >= _batch)
            {
                _consumerWaits = false;
                Monitor.PulseAll(_items);
            }
        }
    }

    /// <summary>Takes an item without waiting; false when the queue is empty.</summary>
    public bool TryTake(out T item)
    {
        lock (_items)
        {
            if (!_items.TryDequeue(out item!))
            {
                return false;
            }

            WakeProducer();
            return true;
        }
    }

    /// <summary>The items as they come, until the queue is completed and empty.</summary>
    public IEnumerable<T> Consume()
    {
        while (true)
        {
            T item;
            lock (_items)
            {
                while (_items.Count == 0 && !_completed)
                {
                    _consumerWaits = true; // the producer cannot be waiting too: it waits only while the queue is full
                    Monitor.Wait(_items);
                }

                if (!_items.TryDequeue(out item!))
                {
                    yield break;
                }

                WakeProducer();
            }

            yield return item;
        }
    }

    /// <summary>Marks the end: the consumer takes what is left, then stops.</summary>
    public void CompleteAdding()
    {
        lock (_items)
        {
            _completed = true;
            Monitor.PulseAll(_items);
        }
    }

    /// <summary>Wakes a producer waiting for room once a batch of slots is free.</summary>
    private void WakeProducer()
    {
        if (_producerWaits && _items.Count <= _capacity - _batch)
        {
            _producerWaits = false;
            Monitor.PulseAll(_items);
        }
    }

    /// <summary>Waits for a change, and wakes when <paramref name="cancellationToken"/> is cancelled too.</summary>
    private void WaitWhileWatching(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            Monitor.Wait(_items);
            return;
        }

        var wake = cancellationToken.UnsafeRegister(static state =>
        {
            lock (state!)
            {
                Monitor.PulseAll(state);
            }
        }, _items);
        Monitor.Wait(_items);
        // Not Dispose: it waits for a callback running on another thread, which waits for the lock held here.
        wake.Unregister();
    }
}
