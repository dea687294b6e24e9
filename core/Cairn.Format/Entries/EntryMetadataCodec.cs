using System.Buffers;
using System.Text;
using Cairn.Format.Primitives;

namespace Cairn.Format.Entries;

/// <summary>
/// The one place entry metadata is encoded (format-spec/SPEC.md, "Entry metadata"): a list of fields
/// <c>tag (varint) || length (varint) || value</c> in ascending tag order (only tag 16, an extended
/// attribute, repeats). Tags below 1024 are critical: an unknown one is an error. Tags from 1024 up are
/// ancillary and skipped when unknown. Absent fields take their default (0, empty, or none).
/// </summary>
internal static class EntryMetadataCodec
{
    private const int AncillaryTagStart = 1024;
    private const int HashLength = 32;

    // A field's reader names the field in its errors. The names of the known tags are made once: making
    // one for every field read was 1.4% of a full backup's CPU, most of it in the backup's single-threaded
    // tail (each volume's index and the signatures are read back as they are written).
    private static readonly string[] FieldNames = [.. Enumerable.Range(0, (int)Tag.ContentHash + 1).Select(tag => $"metadata field {tag}")];

    private enum Tag
    {
        Type = 1,
        ContentKind = 2,
        Path = 3,
        LinkTarget = 4,
        Mode = 5,
        Uid = 6,
        Gid = 7,
        UserName = 8,
        GroupName = 9,
        AccessTime = 10,
        ModificationTime = 11,
        ChangeTime = 12,
        Size = 13,
        DeviceMajor = 14,
        DeviceMinor = 15,
        ExtendedAttribute = 16,
        AccessAcl = 17,
        DefaultAcl = 18,
        SparseMap = 19,
        ContentHash = 20,
    }

    public static void Write(IBufferWriter<byte> writer, EntryMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata.Path);
        if (metadata.Path.Length == 0)
        {
            throw new ArgumentException("An entry's path must not be empty.", nameof(metadata));
        }

        if (metadata.ContentHash is { Length: not HashLength })
        {
            throw new ArgumentException($"An entry's content hash must be {HashLength} bytes (SHA-256).", nameof(metadata));
        }

        WriteByte(writer, Tag.Type, (byte)metadata.Type);
        WriteByte(writer, Tag.ContentKind, (byte)metadata.ContentKind);
        WriteBytes(writer, Tag.Path, metadata.Path);
        if (metadata.LinkTarget is not null)
        {
            WriteBytes(writer, Tag.LinkTarget, metadata.LinkTarget);
        }

        WriteNumber(writer, Tag.Mode, metadata.Mode);
        WriteNumber(writer, Tag.Uid, Varint.ZigZag(metadata.Uid));
        WriteNumber(writer, Tag.Gid, Varint.ZigZag(metadata.Gid));
        if (metadata.UserName is not null)
        {
            WriteBytes(writer, Tag.UserName, Encoding.UTF8.GetBytes(metadata.UserName));
        }

        if (metadata.GroupName is not null)
        {
            WriteBytes(writer, Tag.GroupName, Encoding.UTF8.GetBytes(metadata.GroupName));
        }

        WriteNumber(writer, Tag.AccessTime, Varint.ZigZag(metadata.AccessTimeNs));
        WriteNumber(writer, Tag.ModificationTime, Varint.ZigZag(metadata.ModificationTimeNs));
        WriteNumber(writer, Tag.ChangeTime, Varint.ZigZag(metadata.ChangeTimeNs));
        WriteNumber(writer, Tag.Size, (ulong)metadata.Size);
        if (metadata.DeviceMajor != 0 || metadata.DeviceMinor != 0)
        {
            WriteNumber(writer, Tag.DeviceMajor, metadata.DeviceMajor);
            WriteNumber(writer, Tag.DeviceMinor, metadata.DeviceMinor);
        }

        foreach (var attribute in metadata.ExtendedAttributes)
        {
            WriteHeader(writer, Tag.ExtendedAttribute, Varint.Length((ulong)attribute.Name.Length) + attribute.Name.Length + attribute.Value.Length);
            Varint.Write(writer, (ulong)attribute.Name.Length);
            writer.Write(attribute.Name);
            writer.Write(attribute.Value);
        }

        if (metadata.AccessAcl is not null)
        {
            WriteBytes(writer, Tag.AccessAcl, metadata.AccessAcl);
        }

        if (metadata.DefaultAcl is not null)
        {
            WriteBytes(writer, Tag.DefaultAcl, metadata.DefaultAcl);
        }

        if (metadata.SparseMap is not null)
        {
            var length = Varint.Length((ulong)metadata.SparseMap.Count);
            foreach (var region in metadata.SparseMap)
            {
                length += Varint.Length((ulong)region.Offset) + Varint.Length((ulong)region.Length);
            }

            WriteHeader(writer, Tag.SparseMap, length);
            Varint.Write(writer, (ulong)metadata.SparseMap.Count);
            foreach (var region in metadata.SparseMap)
            {
                Varint.Write(writer, (ulong)region.Offset);
                Varint.Write(writer, (ulong)region.Length);
            }
        }

        if (metadata.ContentHash is not null)
        {
            WriteBytes(writer, Tag.ContentHash, metadata.ContentHash);
        }
    }

    /// <summary>Reads fields up to the end of <paramref name="reader"/>.</summary>
    public static EntryMetadata Read(ref ByteReader reader)
    {
        byte[]? path = null;
        EntryType? type = null;
        var kind = EntryContentKind.Snapshot;
        byte[]? link = null, accessAcl = null, defaultAcl = null, hash = null;
        uint mode = 0, major = 0, minor = 0;
        long uid = 0, gid = 0, atime = 0, mtime = 0, ctime = 0, size = 0;
        string? user = null, group = null;
        List<ExtendedAttribute>? attributes = null;
        SparseRegion[]? sparse = null;
        ulong previous = 0;
        while (!reader.AtEnd)
        {
            var field = ReadField(ref reader, ref previous, out var tag);
            var length = field.Length;
            var value = new ByteReader(field, FieldName(tag));
            switch ((Tag)tag)
            {
                case Tag.Type:
                    var rawType = ReadSingleByte(ref value);
                    if (!Enum.IsDefined((EntryType)rawType))
                    {
                        throw value.Error("type", $"unknown entry type {rawType}");
                    }

                    type = (EntryType)rawType;
                    break;
                case Tag.ContentKind:
                    var rawKind = ReadSingleByte(ref value);
                    if (!Enum.IsDefined((EntryContentKind)rawKind))
                    {
                        throw value.Error("content kind", $"unknown content kind {rawKind}");
                    }

                    kind = (EntryContentKind)rawKind;
                    break;
                case Tag.Path: path = value.Rest.ToArray(); break;
                case Tag.LinkTarget: link = value.Rest.ToArray(); break;
                case Tag.Mode: mode = (uint)ReadNumber(ref value, uint.MaxValue); break;
                case Tag.Uid: uid = Varint.UnZigZag(ReadNumber(ref value, ulong.MaxValue)); break;
                case Tag.Gid: gid = Varint.UnZigZag(ReadNumber(ref value, ulong.MaxValue)); break;
                case Tag.UserName: user = value.ReadUtf8(length, "user name"); break;
                case Tag.GroupName: group = value.ReadUtf8(length, "group name"); break;
                case Tag.AccessTime: atime = Varint.UnZigZag(ReadNumber(ref value, ulong.MaxValue)); break;
                case Tag.ModificationTime: mtime = Varint.UnZigZag(ReadNumber(ref value, ulong.MaxValue)); break;
                case Tag.ChangeTime: ctime = Varint.UnZigZag(ReadNumber(ref value, ulong.MaxValue)); break;
                case Tag.Size: size = (long)ReadNumber(ref value, long.MaxValue); break;
                case Tag.DeviceMajor: major = (uint)ReadNumber(ref value, uint.MaxValue); break;
                case Tag.DeviceMinor: minor = (uint)ReadNumber(ref value, uint.MaxValue); break;
                case Tag.ExtendedAttribute:
                    var nameLength = (int)value.ReadVarLength("name length", value.Remaining);
                    var name = value.ReadBytes(nameLength, "name").ToArray();
                    (attributes ??= []).Add(new ExtendedAttribute(name, value.Rest.ToArray()));
                    break;
                case Tag.AccessAcl: accessAcl = value.Rest.ToArray(); break;
                case Tag.DefaultAcl: defaultAcl = value.Rest.ToArray(); break;
                case Tag.SparseMap: sparse = ReadSparseMap(ref value); break;
                case Tag.ContentHash:
                    if (length != HashLength)
                    {
                        throw value.Error("content hash", $"is {length} bytes, not {HashLength}");
                    }

                    hash = value.Rest.ToArray();
                    break;
                default:
                    if (tag < AncillaryTagStart)
                    {
                        throw reader.Error("field tag", $"unknown critical field {tag}: written by a newer Cairn");
                    }

                    break; // ancillary: skipped
            }
        }

        if (type is null || path is null || path.Length == 0)
        {
            throw reader.Error("fields", "an entry needs a type and a non-empty path");
        }

        return new EntryMetadata
        {
            Path = path,
            Type = type.Value,
            ContentKind = kind,
            Mode = mode,
            Uid = uid,
            Gid = gid,
            UserName = user,
            GroupName = group,
            AccessTimeNs = atime,
            ModificationTimeNs = mtime,
            ChangeTimeNs = ctime,
            Size = size,
            LinkTarget = link,
            DeviceMajor = major,
            DeviceMinor = minor,
            ExtendedAttributes = attributes ?? [],
            AccessAcl = accessAcl,
            DefaultAcl = defaultAcl,
            SparseMap = sparse,
            ContentHash = hash,
        };
    }

    /// <summary>
    /// The path of encoded metadata, found without decoding the rest: the fields before it are walked, not read, so
    /// only their order and lengths are checked here (<see cref="Read"/> checks everything).
    /// </summary>
    /// <exception cref="ArchiveFormatException">The fields are out of order or cut off, or there is no non-empty path.</exception>
    public static ReadOnlySpan<byte> ReadPath(scoped ref ByteReader reader)
    {
        ulong previous = 0;
        while (!reader.AtEnd && previous < (ulong)Tag.Path)
        {
            var field = ReadField(ref reader, ref previous, out var tag);
            if (tag == (ulong)Tag.Path && field.Length > 0)
            {
                return field;
            }
        }

        throw reader.Error("fields", "an entry needs a type and a non-empty path");
    }

    /// <summary>Reads one field's tag and value, checking that tags ascend (only extended attributes repeat).</summary>
    private static ReadOnlySpan<byte> ReadField(scoped ref ByteReader reader, scoped ref ulong previous, out ulong tag)
    {
        tag = reader.ReadVarUInt("field tag");
        if (tag < previous || (tag == previous && tag != (ulong)Tag.ExtendedAttribute) || tag == 0)
        {
            throw reader.Error("field tag", $"tag {tag} is out of order (after {previous})");
        }

        previous = tag;
        var length = (int)reader.ReadVarLength("field length", reader.Remaining);
        return reader.ReadBytes(length, "field value");
    }

    private static string FieldName(ulong tag) => tag < (ulong)FieldNames.Length ? FieldNames[tag] : $"metadata field {tag}";

    private static SparseRegion[] ReadSparseMap(ref ByteReader value)
    {
        // Each region takes at least two bytes: the count cannot exceed what the field holds.
        var count = (int)value.ReadVarLength("sparse region count", value.Remaining / 2);
        var regions = new SparseRegion[count];
        for (var i = 0; i < count; i++)
        {
            regions[i] = new SparseRegion(value.ReadVarLength("sparse offset", long.MaxValue), value.ReadVarLength("sparse length", long.MaxValue));
        }

        EnsureConsumed(ref value);
        return regions;
    }

    private static byte ReadSingleByte(ref ByteReader value)
    {
        var b = value.ReadByte("value");
        EnsureConsumed(ref value);
        return b;
    }

    private static ulong ReadNumber(ref ByteReader value, ulong max)
    {
        var number = value.ReadVarUInt("value");
        if (number > max)
        {
            throw value.Error("value", $"{number} is out of range");
        }

        EnsureConsumed(ref value);
        return number;
    }

    private static void EnsureConsumed(ref ByteReader value)
    {
        if (!value.AtEnd)
        {
            throw value.Error("value", $"{value.Remaining} unexpected bytes");
        }
    }

    private static void WriteHeader(IBufferWriter<byte> writer, Tag tag, int length)
    {
        Varint.Write(writer, (ulong)tag);
        Varint.Write(writer, (ulong)length);
    }

    private static void WriteByte(IBufferWriter<byte> writer, Tag tag, byte value)
    {
        WriteHeader(writer, tag, 1);
        writer.Write([value]);
    }

    private static void WriteBytes(IBufferWriter<byte> writer, Tag tag, ReadOnlySpan<byte> value)
    {
        WriteHeader(writer, tag, value.Length);
        writer.Write(value);
    }

    private static void WriteNumber(IBufferWriter<byte> writer, Tag tag, ulong value)
    {
        WriteHeader(writer, tag, Varint.Length(value));
        Varint.Write(writer, value);
    }
}
