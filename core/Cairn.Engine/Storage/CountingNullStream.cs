using Cairn.Contracts.Streams;

namespace Cairn.Engine.Storage;

/// <summary>A write-only sink that keeps only the count of bytes written (dry runs measure what a backup would store).</summary>
internal sealed class CountingNullStream : ForwardWriteStream
{
    public long Count { get; private set; }

    public override long Length => Count;

    public override long Position
    {
        get => Count;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;
}
