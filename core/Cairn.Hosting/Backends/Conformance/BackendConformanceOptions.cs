namespace Cairn.Hosting.Backends.Conformance;

/// <summary>Sizes and counts the conformance checks use.</summary>
public sealed class BackendConformanceOptions
{
    /// <summary>Size of the large object, big enough to make backends split uploads (multipart). Default 24 MiB.</summary>
    public long LargeObjectSize { get; init; } = 24L << 20;

    /// <summary>How many objects the concurrency check writes at once. Default 24.</summary>
    public int ConcurrentObjects { get; init; } = 24;

    /// <summary>How long a check waits for a writer to reach the middle of its content before failing. Default 60 s.</summary>
    public TimeSpan SlowWriterTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
