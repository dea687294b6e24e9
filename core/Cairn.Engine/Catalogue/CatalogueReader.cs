using System.Buffers;
using System.Text;
using Cairn.Format.Entries;

namespace Cairn.Engine.Catalogue;

/// <summary>
/// Reads a catalogue record by record from a forward-only stream, holding one record at a time. Every
/// length is checked before anything is allocated; corruption is a <see cref="InvalidDataException"/>.
/// </summary>
public sealed class CatalogueReader : IDisposable
{
    private readonly Stream _input;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private long _position;
    private long _count;
    private bool _ended;

    /// <summary>Opens a catalogue and checks its header.</summary>
    /// <exception cref="InvalidDataException">Not a catalogue, or a version this code does not read.</exception>
    public CatalogueReader(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        Span<byte> header = stackalloc byte[9];
        if (ReadFull(header) != header.Length || !header[..8].SequenceEqual(CatalogueLayout.Magic))
        {
            throw new InvalidDataException("Not a Cairn catalogue (bad magic).");
        }

        if (header[8] != CatalogueLayout.Version)
        {
            throw new InvalidDataException($"Catalogue version {header[8]} is not supported (this Cairn reads version {CatalogueLayout.Version}).");
        }

        _position = 9;
    }

    /// <summary>Reads all records of <paramref name="input"/> lazily.</summary>
    public static IEnumerable<CatalogueRecord> ReadAll(Stream input)
    {
        using var reader = new CatalogueReader(input);
        while (reader.TryRead(out var record))
        {
            yield return record;
        }
    }

    /// <summary>
    /// Reads all records of the catalogue file at <paramref name="path"/> (a cached <c>catalogue.bin</c>) lazily: the
    /// file is opened when the enumeration starts and closed when it ends or is left.
    /// </summary>
    public static IEnumerable<CatalogueRecord> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        foreach (var record in ReadAll(file))
        {
            yield return record;
        }
    }

    /// <summary>Reads the next record.</summary>
    /// <returns>False at the end of the catalogue (after checking the record count).</returns>
    /// <exception cref="InvalidDataException">The catalogue is truncated or corrupt.</exception>
    public bool TryRead(out CatalogueRecord record)
    {
        record = null!;
        if (_ended)
        {
            return false;
        }

        var length = ReadStreamVarint();
        if (length == 0)
        {
            var count = ReadStreamVarint();
            if (count != (ulong)_count)
            {
                throw new InvalidDataException($"Catalogue ends with a count of {count} records but holds {_count}.");
            }

            _ended = true;
            return false;
        }

        if (length > CatalogueLayout.MaxRecordLength)
        {
            throw new InvalidDataException($"Catalogue record at offset {_position} claims {length} bytes (limit {CatalogueLayout.MaxRecordLength}).");
        }

        if (_buffer.Length < (int)length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent((int)length);
        }

        var start = _position;
        var body = _buffer.AsSpan(0, (int)length);
        if (ReadFull(body) != body.Length)
        {
            throw new InvalidDataException($"Catalogue is truncated in the record at offset {start}.");
        }

        _position += body.Length;
        record = Decode(body, start);
        _count++;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private int ReadFull(Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var n = _input.Read(destination[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private ulong ReadStreamVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _input.ReadByte();
            if (b < 0)
            {
                throw new InvalidDataException($"Catalogue is truncated at offset {_position} (no end marker).");
            }

            _position++;
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException($"Catalogue has an overlong number at offset {_position}.");
    }

    private static CatalogueRecord Decode(ReadOnlySpan<byte> body, long offset)
    {
        var r = new SpanReader(body, offset);
        var path = r.Bytes(); // empty for the source folder itself

        var type = (EntryType)r.Byte();
        if (!Enum.IsDefined(type))
        {
            throw new InvalidDataException($"Catalogue record at offset {offset} has unknown entry type {(byte)type}.");
        }

        var kind = (EntryContentKind)r.Byte();
        var mode = (uint)r.UVar();
        var uid = r.SVar();
        var gid = r.SVar();
        var userName = r.OptString();
        var groupName = r.OptString();
        var atime = r.SVar();
        var mtime = r.SVar();
        var ctime = r.SVar();
        var size = (long)r.UVar();
        var linkTarget = r.OptBytes();
        var major = (uint)r.UVar();
        var minor = (uint)r.UVar();
        var xattrCount = r.Count(2);
        var xattrs = new ExtendedAttribute[xattrCount];
        for (var i = 0; i < xattrCount; i++)
        {
            xattrs[i] = new ExtendedAttribute(r.Bytes(), r.Bytes());
        }

        var accessAcl = r.OptBytes();
        var defaultAcl = r.OptBytes();
        SparseRegion[]? sparse = null;
        var sparseCount = r.Count(1);
        if (sparseCount > 0)
        {
            sparse = new SparseRegion[sparseCount - 1];
            for (var i = 0; i < sparse.Length; i++)
            {
                sparse[i] = new SparseRegion((long)r.UVar(), (long)r.UVar());
            }
        }

        var hash = r.OptBytes();
        var device = r.SVar();
        var inode = r.SVar();
        var dataCount = r.Count(2);
        var data = new DataLocation[dataCount];
        for (var i = 0; i < dataCount; i++)
        {
            data[i] = new DataLocation(checked((int)r.UVar()), checked((uint)r.UVar()));
        }

        var signatureSet = checked((int)r.SVar());
        if (!r.AtEnd)
        {
            throw new InvalidDataException($"Catalogue record at offset {offset} has trailing bytes.");
        }

        var metadata = new EntryMetadata
        {
            Path = path,
            Type = type,
            ContentKind = kind,
            Mode = mode,
            Uid = uid,
            Gid = gid,
            UserName = userName,
            GroupName = groupName,
            AccessTimeNs = atime,
            ModificationTimeNs = mtime,
            ChangeTimeNs = ctime,
            Size = size,
            LinkTarget = linkTarget,
            DeviceMajor = major,
            DeviceMinor = minor,
            ExtendedAttributes = xattrs,
            AccessAcl = accessAcl,
            DefaultAcl = defaultAcl,
            SparseMap = sparse,
            ContentHash = hash,
        };
        return new CatalogueRecord(metadata, device, inode, data, signatureSet);
    }

    private ref struct SpanReader(ReadOnlySpan<byte> span, long offset)
    {
        private readonly ReadOnlySpan<byte> _span = span;
        private int _at;

        public readonly bool AtEnd => _at == _span.Length;

        public byte Byte()
        {
            if (_at >= _span.Length)
            {
                throw Truncated();
            }

            return _span[_at++];
        }

        public ulong UVar()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = Byte();
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new InvalidDataException($"Catalogue record at offset {offset} has an overlong number.");
        }

        public long SVar()
        {
            var v = UVar();
            return (long)(v >> 1) ^ -(long)(v & 1);
        }

        /// <summary>A count of items each taking at least <paramref name="minBytes"/> bytes: bounded by what is left.</summary>
        public int Count(int minBytes)
        {
            var count = UVar();
            if (count > (ulong)(_span.Length - _at) / (ulong)minBytes + 1)
            {
                throw new InvalidDataException($"Catalogue record at offset {offset} claims {count} items, more than it can hold.");
            }

            return (int)count;
        }

        public byte[] Bytes() => Take(UVar());

        public byte[]? OptBytes()
        {
            var length = UVar();
            return length == 0 ? null : Take(length - 1);
        }

        public string? OptString()
        {
            var bytes = OptBytes();
            return bytes is null ? null : Encoding.UTF8.GetString(bytes);
        }

        private byte[] Take(ulong length)
        {
            if (length > (ulong)(_span.Length - _at))
            {
                throw Truncated();
            }

            var bytes = _span.Slice(_at, (int)length).ToArray();
            _at += (int)length;
            return bytes;
        }

        private readonly InvalidDataException Truncated() => new($"Catalogue record at offset {offset} is truncated.");
    }
}
