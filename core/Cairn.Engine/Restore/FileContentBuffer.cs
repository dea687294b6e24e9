namespace Cairn.Engine.Restore;

/// <summary>
/// A write-only stream into a fixed buffer, for a small file's content on its way to
/// <see cref="SmallFileWriters"/>. Content longer than the buffer (longer than the catalogue's size for
/// the file) is damaged data, reported as such.
/// </summary>
internal sealed class FileContentBuffer(byte[] buffer, int capacity, byte[] path) : Stream
{
    /// <summary>How many bytes were written.</summary>
    public int Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] source, int offset, int count) => Write(source.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> source)
    {
        if (source.Length > capacity - Written)
        {
            throw new InvalidDataException($"The stored content of \"{System.Text.Encoding.UTF8.GetString(path)}\" is longer than the size the catalogue records.");
        }

        source.CopyTo(buffer.AsSpan(Written));
        Written += source.Length;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
