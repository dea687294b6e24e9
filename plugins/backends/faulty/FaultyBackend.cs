using System.Runtime.CompilerServices;
using Cairn.Contracts.Backends;

namespace Cairn.Plugins.Faulty;

/// <summary>
/// Wraps another backend and makes it unreliable on purpose, to test that what sits above (retries,
/// the backup engine) copes: a share of calls fail with <see cref="BackendTransientException"/>, reads and
/// writes may break off midway, every call may be delayed, or (mode dead) every call fails.
/// </summary>
public sealed class FaultyBackend : IBackend
{
    private readonly IBackend _inner;
    private readonly FaultPlan _plan;

    /// <summary>Wraps <paramref name="inner"/>, which this backend then owns and disposes.</summary>
    public FaultyBackend(IBackend inner, FaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(plan);
        _inner = inner;
        _plan = plan;
    }

    /// <summary>The faults this backend injects, and how many so far.</summary>
    public FaultPlan Plan => _plan;

    /// <inheritdoc />
    public BackendCapabilities Capabilities => _inner.Capabilities;

    /// <inheritdoc />
    public async IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BackendNames.ValidatePrefix(prefix);
        if (await _plan.NextAsync("list", prefix, cancellationToken).ConfigureAwait(false) is { } fault)
        {
            throw fault.Error;
        }

        await foreach (var item in _inner.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    /// <inheritdoc />
    public async Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        await FailMaybeAsync("stat", name, cancellationToken).ConfigureAwait(false);
        return await _inner.StatAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        BackendNames.Validate(name);
        var fault = await _plan.NextAsync("read", name, cancellationToken).ConfigureAwait(false);
        if (fault is { CutOff: false })
        {
            throw fault.Error;
        }

        var stream = await _inner.OpenReadAsync(name, offset, length, cancellationToken).ConfigureAwait(false);
        return fault is null ? stream : new CutOffStream(stream, _plan.CutOffAfterBytes!.Value, fault.Error, ownsInner: true);
    }

    /// <inheritdoc />
    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        BackendNames.Validate(name);
        ArgumentNullException.ThrowIfNull(content);
        var fault = await _plan.NextAsync("write", name, cancellationToken).ConfigureAwait(false);
        if (fault is { CutOff: false })
        {
            throw fault.Error;
        }

        if (fault is null)
        {
            await _inner.WriteAsync(name, content, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The upload breaks off midway: the inner store sees its content fail, as with a dropped connection.
        using var cut = new CutOffStream(content, _plan.CutOffAfterBytes!.Value, fault.Error, ownsInner: false);
        await _inner.WriteAsync(name, cut, cancellationToken).ConfigureAwait(false);
        // A cut-off longer than the content lets the write through; it still counts as the injected failure.
        throw fault.Error;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await FailMaybeAsync("delete", name, cancellationToken).ConfigureAwait(false);
        await _inner.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        BackendNames.Validate(destination, nameof(destination));
        await FailMaybeAsync("rename", source, cancellationToken).ConfigureAwait(false);
        await _inner.RenameAsync(source, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private async Task FailMaybeAsync(string operation, string name, CancellationToken cancellationToken)
    {
        BackendNames.Validate(name);
        if (await _plan.NextAsync(operation, name, cancellationToken).ConfigureAwait(false) is { } fault)
        {
            throw fault.Error;
        }
    }
}
