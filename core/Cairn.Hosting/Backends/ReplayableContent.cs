namespace Cairn.Hosting.Backends;

/// <summary>
/// Upload content that can be sent again on retry: a seekable stream is rewound to where it started;
/// a pipe is first copied to a temporary file, which is deleted on dispose.
/// </summary>
internal sealed class ReplayableContent : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly long _start;
    private readonly bool _owned;
    private bool _used;

    private ReplayableContent(Stream stream, long start, bool owned)
    {
        _stream = stream;
        _start = start;
        _owned = owned;
    }

    /// <summary>True when the content can be sent more than once.</summary>
    public bool CanReplay => _stream.CanSeek;

    public static async Task<ReplayableContent> CreateAsync(Stream content, bool needsReplay, string? spoolDirectory, CancellationToken cancellationToken)
    {
        if (content.CanSeek)
        {
            return new ReplayableContent(content, content.Position, owned: false);
        }

        if (!needsReplay)
        {
            return new ReplayableContent(content, 0, owned: false);
        }

        var path = Path.Combine(spoolDirectory ?? Path.GetTempPath(), $"cairn-upload-{Guid.NewGuid():N}.tmp");
        var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await content.CopyToAsync(spool, 1 << 20, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new ReplayableContent(spool, 0, owned: true);
    }

    /// <summary>The content from its start, for one more attempt.</summary>
    /// <exception cref="InvalidOperationException">The content cannot be replayed and was already sent.</exception>
    public Stream Rewind()
    {
        if (_stream.CanSeek)
        {
            _stream.Position = _start;
        }
        else if (_used)
        {
            throw new InvalidOperationException("The upload content cannot be sent twice.");
        }

        _used = true;
        return _stream;
    }

    public ValueTask DisposeAsync() => _owned ? _stream.DisposeAsync() : ValueTask.CompletedTask;
}
