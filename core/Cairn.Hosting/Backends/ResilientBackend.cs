using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Cairn.Contracts.Backends;

namespace Cairn.Hosting.Backends;

/// <summary>
/// Wraps any backend with what every store needs and no plugin should write again: retries of transient
/// failures with exponential backoff and jitter, a time limit per attempt, a bound on parallel writes,
/// verification of each upload, and reads that resume where they broke off.
/// </summary>
/// <remarks>
/// Only failures that say they are transient (<see cref="BackendException.IsTransient"/>) and timeouts are
/// retried; a missing object, refused credentials or a full disk fail at once. Retry events carry the
/// backend's messages, which by contract never contain credentials.
/// </remarks>
public sealed partial class ResilientBackend : IBackend
{
    private readonly IBackend _inner;
    private readonly ResilienceOptions _options;
    private readonly SemaphoreSlim _transfers;

    /// <summary>Wraps <paramref name="inner"/>, which the wrapper then owns and disposes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ResilientBackend(IBackend inner, ResilienceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _options = options ?? new ResilienceOptions();
        _options.Validate();
        _inner = inner;
        _transfers = new SemaphoreSlim(_options.MaxParallelTransfers, _options.MaxParallelTransfers);
    }

    /// <summary>
    /// Wraps <paramref name="inner"/> as the constructor does, keeping its optional contracts visible: when it lists
    /// its unfinished uploads (<see cref="IPartialUploads"/>), so does the backend returned, with the same retries and
    /// time limits. The host opens every target through this.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static IBackend Wrap(IBackend inner, ResilienceOptions? options = null)
    {
        var resilient = new ResilientBackend(inner, options);
        return inner is IPartialUploads uploads ? new WithPartialUploads(resilient, uploads) : resilient;
    }

    /// <inheritdoc />
    public BackendCapabilities Capabilities => _inner.Capabilities;

    /// <summary>The wrapped backend.</summary>
    public IBackend Inner => _inner;

    /// <inheritdoc />
    /// <remarks>Each attempt collects the whole listing before yielding, so a retry never repeats names.</remarks>
    public async IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var items = await RetryAsync("list", prefix, async token =>
        {
            var collected = new List<BackendObjectInfo>();
            await foreach (var item in _inner.ListAsync(prefix, token).ConfigureAwait(false))
            {
                collected.Add(item);
            }

            return collected;
        }, _options.TransferTimeout, abandonOnTimeout: true, cancellationToken).ConfigureAwait(false);

        foreach (var item in items)
        {
            yield return item;
        }
    }

    /// <inheritdoc />
    public Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) =>
        RetryAsync("stat", name, token => _inner.StatAsync(name, token), _options.OperationTimeout, abandonOnTimeout: true, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The stream reopens the object where it stopped when a read fails transiently or stalls.</remarks>
    public async Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(length));
        }

        var first = await OpenInnerReadAsync(name, offset, length, cancellationToken).ConfigureAwait(false);
        return new ResumingReadStream(this, name, offset, length, first);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Waits for a transfer slot first. Content that cannot seek is copied to a temporary file so that it
    /// can be sent again; after the backend accepted it, the object's size (and, when configured, its
    /// SHA-256 read back) must match what was sent, or the write counts as failed and is retried.
    /// </remarks>
    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        BackendNames.Validate(name);
        ArgumentNullException.ThrowIfNull(content);
        await _transfers.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var replayable = await ReplayableContent.CreateAsync(content, _options.MaxAttempts > 1, _options.SpoolDirectory, cancellationToken).ConfigureAwait(false);
            await using (replayable.ConfigureAwait(false))
            {
                await RetryAsync("write", name, async token =>
                {
                    using var counted = new HashingReadStream(replayable.Rewind(), _options.Verification == UploadVerification.SizeAndContent);
                    await _inner.WriteAsync(name, counted, token).ConfigureAwait(false);
                    await VerifyUploadAsync(name, counted, token).ConfigureAwait(false);
                    return true;
                }, _options.TransferTimeout, abandonOnTimeout: false, cancellationToken, canRetry: () => replayable.CanReplay).ConfigureAwait(false);
            }
        }
        finally
        {
            _transfers.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Passed on as it is: an object written in place is a file on this machine, whose bytes cannot be sent again,
    /// so there is nothing to retry or to read back.
    /// </remarks>
    public IObjectWriter? OpenObjectWriter(string name)
    {
        BackendNames.Validate(name);
        return _inner.OpenObjectWriter(name);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        RetryAsync("delete", name, async token =>
        {
            await _inner.DeleteAsync(name, token).ConfigureAwait(false);
            return true;
        }, _options.OperationTimeout, abandonOnTimeout: true, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// When a retried rename finds its source gone and its destination present, an earlier attempt did the
    /// work (only its answer was lost), and the rename counts as done.
    /// </remarks>
    public Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        var attempt = 0;
        return RetryAsync("rename", source, async token =>
        {
            attempt++;
            try
            {
                await _inner.RenameAsync(source, destination, token).ConfigureAwait(false);
            }
            catch (BackendNotFoundException) when (attempt > 1)
            {
                if (await _inner.StatAsync(destination, token).ConfigureAwait(false) is null)
                {
                    throw;
                }

                // Done by the attempt whose reply was lost.
            }

            return true;
        }, _options.OperationTimeout, abandonOnTimeout: true, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        _transfers.Dispose();
    }

    /// <summary>Opens the inner backend's read stream, with retries; used again when a read stream resumes.</summary>
    internal Task<Stream> OpenInnerReadAsync(string name, long offset, long? length, CancellationToken cancellationToken) =>
        RetryAsync("read", name, token => _inner.OpenReadAsync(name, offset, length, token), _options.OperationTimeout, abandonOnTimeout: true, cancellationToken,
            abandoned: stream => stream.Dispose());

    private async Task VerifyUploadAsync(string name, HashingReadStream sent, CancellationToken cancellationToken)
    {
        if (!sent.ReachedEnd && sent.ReadByte() >= 0)
        {
            throw new BackendException($"The backend stopped reading the content of {name} after {sent.BytesRead - 1} bytes and reported success.");
        }

        if (_options.Verification == UploadVerification.None)
        {
            return;
        }

        var stored = await _inner.StatAsync(name, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Size != sent.BytesRead)
        {
            throw new BackendTransientException(
                $"Upload verification failed for {name}: {sent.BytesRead} bytes were sent, the store has {(stored is null ? "no object" : $"{stored.Size} bytes")}.");
        }

        if (_options.Verification == UploadVerification.SizeAndContent)
        {
            byte[] storedHash;
            var readBack = await _inner.OpenReadAsync(name, 0, null, cancellationToken).ConfigureAwait(false);
            await using (readBack.ConfigureAwait(false))
            {
                storedHash = await SHA256.HashDataAsync(readBack, cancellationToken).ConfigureAwait(false);
            }

            if (!storedHash.AsSpan().SequenceEqual(sent.GetHash()))
            {
                throw new BackendTransientException($"Upload verification failed for {name}: the SHA-256 of the stored object differs from what was sent.");
            }
        }
    }
}
