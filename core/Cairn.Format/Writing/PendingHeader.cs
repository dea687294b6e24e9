using Cairn.Format.Header;

namespace Cairn.Format.Writing;

/// <summary>
/// A volume's header, encoded on a worker thread when wrapping the archive key is slow (a passphrase
/// recipient runs Argon2id, about 0.2 s): meanwhile the caller goes on filling frames and the frame
/// workers compress them. A frame is sealed only once the header is ready, since its associated data
/// includes the header's digest, and the header is written before the first frame.
/// </summary>
internal sealed class PendingHeader
{
    private readonly Task<(byte[] Encoded, ArchiveHeader Header)> _encoding;

    /// <param name="encode">Encodes the header (wrapping the archive key for each recipient).</param>
    /// <param name="inBackground">Run <paramref name="encode"/> on a worker thread; otherwise now, so its errors are thrown here.</param>
    public PendingHeader(Func<byte[]> encode, bool inBackground)
    {
        static (byte[], ArchiveHeader) Run(Func<byte[]> encode)
        {
            var encoded = encode();
            return (encoded, ArchiveHeaderLayout.Read(encoded));
        }

        if (!inBackground)
        {
            _encoding = Task.FromResult(Run(encode));
            return;
        }

        // A thread of its own, not the pool: the caller may be a pool thread that soon blocks on this
        // header, and a starved pool would add its thread-injection delay to every volume.
        var done = new TaskCompletionSource<(byte[], ArchiveHeader)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _encoding = done.Task;
        new Thread(() =>
        {
            try
            {
                done.SetResult(Run(encode));
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = true, Name = "cairn-header" }.Start();
    }

    /// <summary>The header's bytes; waits for them, and rethrows what the encoding threw (a recipient's error).</summary>
    public byte[] Encoded => _encoding.GetAwaiter().GetResult().Encoded;

    /// <summary>The header as written; waits like <see cref="Encoded"/>.</summary>
    public ArchiveHeader Header => _encoding.GetAwaiter().GetResult().Header;

    /// <summary>Waits until the encoding is over, whatever its outcome (before its keys are disposed).</summary>
    public void WaitQuietly()
    {
        try
        {
            _encoding.Wait();
        }
        catch (AggregateException)
        {
            // Reported through Encoded or Header to whoever asked; a writer disposed early never did.
        }
    }
}
