using Cairn.Contracts.Streams;
using Cairn.Engine.Repository;

namespace Cairn.Engine.Restore;

/// <summary>The data of one entry, read from a volume on the target, its errors named by <see cref="VolumeDamage"/>.</summary>
internal sealed class VolumeDataStream : ForwardReadStream
{
    private readonly Stream _data;
    private readonly SetManifest _set;
    private readonly uint _volume;

    /// <param name="data">The entry's data as the volume's reader opened it (owned: disposed with this stream).</param>
    /// <param name="set">The manifest of the set the volume belongs to.</param>
    /// <param name="volume">The volume's number.</param>
    /// <remarks>The volume's name is only made when an error needs it: a restore opens one of these per file.</remarks>
    public VolumeDataStream(Stream data, SetManifest set, uint volume)
    {
        _data = data;
        _set = set;
        _volume = volume;
    }

    /// <summary>The volume's object name on the target.</summary>
    public static string ObjectName(SetManifest set, uint volume) => TargetLayout.ObjectName(set.Name, TargetLayout.VolumeFile(volume));

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _data.Read(buffer);
        }
        catch (Exception ex) when (VolumeDamage.Named(ObjectName(_set, _volume), ex) is { } named)
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
