using System.Buffers;
using System.Text;
using Cairn.Format.Entries;

namespace Cairn.Engine.Catalogue;

/// <summary>Writes a catalogue record by record, in <see cref="PathOrder"/>, to a stream.</summary>
public sealed class CatalogueWriter : IDisposable
{
    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _record = new(512);
    private readonly byte[] _lengthBuffer = new byte[10];
    private byte[]? _lastPath;
    private bool _finished;

    /// <summary>Starts a catalogue on <paramref name="output"/> (not disposed by the writer).</summary>
    public CatalogueWriter(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _output.Write(CatalogueLayout.Magic);
        _output.WriteByte(CatalogueLayout.Version);
    }

    /// <summary>Records written so far.</summary>
    public long Count { get; private set; }

    /// <summary>Appends a record.</summary>
    /// <exception cref="ArgumentException">The path does not come after the previous one in <see cref="PathOrder"/>.</exception>
    public void Write(CatalogueRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_finished, this);
        var path = record.Metadata.Path;
        if (_lastPath is not null && PathOrder.Compare(_lastPath, path) >= 0)
        {
            throw new ArgumentException($"Catalogue records must be in path order: \"{PathDisplay.Of(path)}\" after \"{PathDisplay.Of(_lastPath)}\".", nameof(record));
        }

        _lastPath = path;
        _record.ResetWrittenCount();
        Encode(_record, record);
        WriteLength(_record.WrittenCount);
        _output.Write(_record.WrittenSpan);
        Count++;
    }

    /// <summary>Writes the end marker and the count; the catalogue is complete.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        WriteLength(0);
        WriteLength(Count);
        _output.Flush();
        _finished = true;
    }

    /// <inheritdoc />
    public void Dispose() => _finished = true;

    private void WriteLength(long value)
    {
        var n = 0;
        var v = (ulong)value;
        while (v >= 0x80)
        {
            _lengthBuffer[n++] = (byte)(v | 0x80);
            v >>= 7;
        }

        _lengthBuffer[n++] = (byte)v;
        _output.Write(_lengthBuffer, 0, n);
    }

    private static void Encode(ArrayBufferWriter<byte> w, CatalogueRecord record)
    {
        var m = record.Metadata;
        Bytes(w, m.Path);
        Byte(w, (byte)m.Type);
        Byte(w, (byte)m.ContentKind);
        UVar(w, m.Mode);
        SVar(w, m.Uid);
        SVar(w, m.Gid);
        OptString(w, m.UserName);
        OptString(w, m.GroupName);
        SVar(w, m.AccessTimeNs);
        SVar(w, m.ModificationTimeNs);
        SVar(w, m.ChangeTimeNs);
        UVar(w, (ulong)m.Size);
        OptBytes(w, m.LinkTarget);
        UVar(w, m.DeviceMajor);
        UVar(w, m.DeviceMinor);
        UVar(w, (ulong)m.ExtendedAttributes.Count);
        foreach (var x in m.ExtendedAttributes)
        {
            Bytes(w, x.Name);
            Bytes(w, x.Value);
        }

        OptBytes(w, m.AccessAcl);
        OptBytes(w, m.DefaultAcl);
        if (m.SparseMap is null)
        {
            UVar(w, 0);
        }
        else
        {
            UVar(w, (ulong)m.SparseMap.Count + 1);
            foreach (var region in m.SparseMap)
            {
                UVar(w, (ulong)region.Offset);
                UVar(w, (ulong)region.Length);
            }
        }

        OptBytes(w, m.ContentHash);
        SVar(w, record.Device);
        SVar(w, record.Inode);
        UVar(w, (ulong)record.Data.Count);
        foreach (var location in record.Data)
        {
            UVar(w, (ulong)location.Set);
            UVar(w, location.Volume);
        }

        SVar(w, record.SignatureSet);
    }

    private static void Byte(ArrayBufferWriter<byte> w, byte value)
    {
        w.GetSpan(1)[0] = value;
        w.Advance(1);
    }

    private static void UVar(ArrayBufferWriter<byte> w, ulong value)
    {
        var span = w.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        w.Advance(n);
    }

    private static void SVar(ArrayBufferWriter<byte> w, long value) => UVar(w, (ulong)((value << 1) ^ (value >> 63)));

    private static void Bytes(ArrayBufferWriter<byte> w, ReadOnlySpan<byte> value)
    {
        UVar(w, (ulong)value.Length);
        w.Write(value);
    }

    private static void OptBytes(ArrayBufferWriter<byte> w, byte[]? value)
    {
        if (value is null)
        {
            UVar(w, 0);
            return;
        }

        UVar(w, (ulong)value.Length + 1);
        w.Write(value);
    }

    private static void OptString(ArrayBufferWriter<byte> w, string? value) => OptBytes(w, value is null ? null : Encoding.UTF8.GetBytes(value));
}
