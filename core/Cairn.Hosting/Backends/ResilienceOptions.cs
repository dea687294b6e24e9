namespace Cairn.Hosting.Backends;

/// <summary>How <see cref="ResilientBackend"/> retries, times out, limits and verifies calls.</summary>
public sealed record ResilienceOptions
{
    /// <summary>Attempts per call, the first included. Default 5; 1 disables retries.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles with each further retry. Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Time limit of one attempt of a quick call (list, stat, delete, rename, opening a read) and of each
    /// read from a stream that <see cref="ResilientBackend.OpenReadAsync"/> returned. Default 2 min.
    /// </summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Time limit of one attempt of a write, which moves a whole object. Default 1 h.</summary>
    public TimeSpan TransferTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How many writes run at once; more wait their turn. Default 4.</summary>
    public int MaxParallelTransfers { get; init; } = 4;

    /// <summary>What is checked after each write. Default <see cref="UploadVerification.Size"/>.</summary>
    public UploadVerification Verification { get; init; } = UploadVerification.Size;

    /// <summary>
    /// Where content that cannot seek (a pipe) is copied before a write, so a retry can send it again.
    /// Default: the system temp folder. The copy is deleted when the write ends.
    /// </summary>
    public string? SpoolDirectory { get; init; }

    /// <summary>Called before each retry, for logs. The event holds no credentials.</summary>
    public Action<BackendRetry>? OnRetry { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count or a time is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParallelTransfers, 1, nameof(MaxParallelTransfers));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OperationTimeout, TimeSpan.Zero, nameof(OperationTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TransferTimeout, TimeSpan.Zero, nameof(TransferTimeout));
    }
}
