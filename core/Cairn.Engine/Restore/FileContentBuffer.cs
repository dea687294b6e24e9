using Cairn.Contracts.Streams;
using Cairn.Format.Entries;

namespace Cairn.Engine.Restore;

/// <summary>
/// A write-only stream into a fixed buffer, for a small file's content on its way to
/// <see cref="SmallFileWriters"/>. Content longer than the buffer (longer than the catalogue's size for
/// the file) is damaged data, reported as such.
/// </summary>
internal sealed class FileContentBuffer(byte[] buffer, int capacity, byte[] path) : ForwardWriteStream
{
    /// <summary>How many bytes were written.</summary>
    public int Written { get; private set; }

    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> source)
    {
        if (source.Length > capacity - Written)
        {
            throw new InvalidDataException($"The stored content of \"{PathDisplay.Of(path)}\" is longer than the size the catalogue records.");
        }

        source.CopyTo(buffer.AsSpan(Written));
        Written += source.Length;
    }
}
