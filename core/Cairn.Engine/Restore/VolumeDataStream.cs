using Cairn.Contracts.Streams;

namespace Cairn.Engine.Restore;

/// <summary>The data of one entry, read from a volume on the target, its errors named by <see cref="VolumeDamage"/>.</summary>
internal sealed class VolumeDataStream : ForwardReadStream
{
    private readonly Stream _data;
    private readonly string _objectName;

    /// <param name="data">The entry's data as the volume's reader opened it (owned: disposed with this stream).</param>
    /// <param name="objectName">The volume's object name on the target.</param>
    public VolumeDataStream(Stream data, string objectName)
    {
        _data = data;
        _objectName = objectName;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _data.Read(buffer);
        }
        catch (Exception ex) when (VolumeDamage.Named(_objectName, ex) is { } named)
        {
            throw named;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _data.Dispose();
        }

        base.Dispose(disposing);
    }
}
