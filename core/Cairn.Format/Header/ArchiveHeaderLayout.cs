using System.Text;
using Cairn.Contracts.Recipients;
using Cairn.Format.Primitives;

namespace Cairn.Format.Header;

/// <summary>
/// The one place the header's bytes are read and written (format-spec/SPEC.md, "Header"):
/// <code>
/// offset size  field
/// 0      8     magic 89 43 41 49 52 4E 0D 0A ("\x89CAIRN\r\n")
/// 8      2     version = 1
/// 10     2     reserved = 0
/// 12     4     header length (whole header, tag included)
/// 16     8     mandatory features (unknown bit set: reject)
/// 24     8     optional features (unknown bits: ignore)
/// 32     16    set id
/// 48     4     volume number
/// 52     4     frame size
/// 56     32    key salt
/// 88     1+n   compressor id (length, ASCII)
/// ..     1+n   cipher id (length, ASCII; length 0 = not encrypted)
/// ..     2     stanza count
/// ..           per stanza: type (1+n ASCII), body (4+n)
/// end-32 32    header tag (HMAC-SHA256 with the header MAC key, or SHA-256 when not encrypted)
/// </code>
/// </summary>
internal static class ArchiveHeaderLayout
{
    public const ushort CurrentVersion = 1;
    public const int FixedLength = 88;
    public const int TagLength = 32;
    public const int SetIdLength = 16;
    public const int KeySaltLength = 32;
    public const int MaxLength = 1 << 20;
    public const int MaxStanzas = 1024;
    public const int MaxStanzaBody = 64 * 1024;
    public const int MinFrameSize = 1024;
    public const int MaxFrameSize = 64 << 20;
    public const ulong KnownMandatoryFeatures = 0;

    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'C', (byte)'A', (byte)'I', (byte)'R', (byte)'N', 0x0D, 0x0A];

    /// <summary>Encodes a header; <paramref name="computeTag"/> receives the bytes before the tag and fills the tag.</summary>
    public static byte[] Write(
        ReadOnlySpan<byte> setId,
        uint volumeNumber,
        int frameSize,
        ReadOnlySpan<byte> keySalt,
        string compressorId,
        string? cipherId,
        IReadOnlyList<RecipientStanza> stanzas,
        ulong optionalFeatures,
        TagFunction computeTag)
    {
        var length = FixedLength + 1 + compressorId.Length + 1 + (cipherId?.Length ?? 0) + 2 + TagLength;
        foreach (var stanza in stanzas)
        {
            CheckId(stanza.Type, "stanza type");
            if (stanza.Body.Length > MaxStanzaBody)
            {
                throw new ArgumentException($"A '{stanza.Type}' stanza body of {stanza.Body.Length} bytes exceeds {MaxStanzaBody}.", nameof(stanzas));
            }

            length += 1 + stanza.Type.Length + 4 + stanza.Body.Length;
        }

        CheckId(compressorId, "compressor id");
        if (cipherId is not null)
        {
            CheckId(cipherId, "cipher id");
        }

        if (length > MaxLength || stanzas.Count > MaxStanzas)
        {
            throw new ArgumentException($"The header would be {length} bytes with {stanzas.Count} stanzas; the limits are {MaxLength} and {MaxStanzas}.", nameof(stanzas));
        }

        var bytes = new byte[length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        Bytes.WriteUInt16(span, 8, CurrentVersion);
        Bytes.WriteUInt32(span, 12, (uint)length);
        Bytes.WriteUInt64(span, 24, optionalFeatures);
        setId.CopyTo(span[32..]);
        Bytes.WriteUInt32(span, 48, volumeNumber);
        Bytes.WriteUInt32(span, 52, (uint)frameSize);
        keySalt.CopyTo(span[56..]);
        var position = FixedLength;
        position = WriteId(span, position, compressorId);
        position = WriteId(span, position, cipherId ?? string.Empty);
        Bytes.WriteUInt16(span, position, (ushort)stanzas.Count);
        position += 2;
        foreach (var stanza in stanzas)
        {
            position = WriteId(span, position, stanza.Type);
            Bytes.WriteUInt32(span, position, (uint)stanza.Body.Length);
            position += 4;
            stanza.Body.CopyTo(span[position..]);
            position += stanza.Body.Length;
        }

        computeTag(span[..position], span.Slice(position, TagLength));
        return bytes;
    }

    /// <summary>Reads the fixed part's length field, so a reader knows how much more to read.</summary>
    /// <exception cref="ArchiveFormatException">Not a Cairn volume, or the length is out of range.</exception>
    public static int ReadLength(ReadOnlySpan<byte> prefix)
    {
        var reader = new ByteReader(prefix, "header", 0);
        CheckMagic(ref reader);
        var version = reader.ReadUInt16("version");
        if (version != CurrentVersion)
        {
            throw new ArchiveFormatException("header version", 8, $"format version {version} is not supported (this Cairn reads version {CurrentVersion})");
        }

        reader.ReadUInt16("reserved");
        var length = reader.ReadUInt32("length");
        if (length < FixedLength + 1 + 1 + 2 + TagLength || length > MaxLength)
        {
            throw new ArchiveFormatException("header length", 12, $"{length} is out of range");
        }

        return (int)length;
    }

    /// <summary>Parses a whole header; the tag is checked later, once the key is known.</summary>
    public static ArchiveHeader Read(ReadOnlySpan<byte> encoded)
    {
        var length = ReadLength(encoded);
        if (encoded.Length != length)
        {
            throw new ArchiveFormatException("header", 0, $"is {encoded.Length} bytes, its length field says {length}");
        }

        var reader = new ByteReader(encoded[..^TagLength], "header", 0);
        reader.ReadBytes(8, "magic");
        var version = reader.ReadUInt16("version");
        if (reader.ReadUInt16("reserved") != 0)
        {
            throw reader.Error("reserved", "must be zero");
        }

        reader.ReadUInt32("length");
        var mandatory = reader.ReadUInt64("mandatory features");
        if ((mandatory & ~KnownMandatoryFeatures) != 0)
        {
            throw new ArchiveFormatException("header mandatory features", 16, $"unknown mandatory feature bits 0x{mandatory & ~KnownMandatoryFeatures:x16}: written by a newer Cairn");
        }

        var optional = reader.ReadUInt64("optional features");
        var setId = reader.ReadBytes(SetIdLength, "set id").ToArray();
        var volume = reader.ReadUInt32("volume number");
        var frameSize = reader.ReadUInt32("frame size");
        if (frameSize is < MinFrameSize or > MaxFrameSize)
        {
            throw new ArchiveFormatException("header frame size", 52, $"{frameSize} is outside {MinFrameSize}..{MaxFrameSize}");
        }

        var salt = reader.ReadBytes(KeySaltLength, "key salt").ToArray();
        var compressor = ReadId(ref reader, "compressor id");
        if (compressor.Length == 0)
        {
            throw reader.Error("compressor id", "is empty");
        }

        var cipher = ReadId(ref reader, "cipher id");
        var stanzaCount = reader.ReadUInt16("stanza count");
        if (stanzaCount > MaxStanzas)
        {
            throw reader.Error("stanza count", $"{stanzaCount} exceeds {MaxStanzas}");
        }

        if ((cipher.Length == 0) != (stanzaCount == 0))
        {
            throw reader.Error("stanza count", cipher.Length == 0 ? "an unencrypted volume has no stanzas" : "an encrypted volume needs at least one stanza");
        }

        var stanzas = new RecipientStanza[stanzaCount];
        for (var i = 0; i < stanzaCount; i++)
        {
            var type = ReadId(ref reader, "stanza type");
            var bodyLength = reader.ReadUInt32("stanza body length");
            if (bodyLength > MaxStanzaBody)
            {
                throw reader.Error("stanza body length", $"{bodyLength} exceeds {MaxStanzaBody}");
            }

            stanzas[i] = new RecipientStanza(type, reader.ReadBytes((int)bodyLength, "stanza body").ToArray());
        }

        if (!reader.AtEnd)
        {
            throw reader.Error("end", $"{reader.Remaining} unexpected bytes before the tag");
        }

        return new ArchiveHeader(version, mandatory, optional, setId, volume, (int)frameSize, salt, compressor, cipher.Length == 0 ? null : cipher, stanzas, encoded.ToArray());
    }

    private static void CheckMagic(ref ByteReader reader)
    {
        if (reader.Remaining < Magic.Length || !reader.ReadBytes(Magic.Length, "magic").SequenceEqual(Magic))
        {
            throw new ArchiveFormatException("header magic", 0, "not a Cairn archive volume");
        }
    }

    private static string ReadId(ref ByteReader reader, string field)
    {
        var length = reader.ReadByte(field);
        var id = reader.ReadBytes(length, field);
        foreach (var c in id)
        {
            if (!IsIdChar(c))
            {
                throw reader.Error(field, "contains a character outside [a-z0-9._-]");
            }
        }

        return Encoding.ASCII.GetString(id);
    }

    private static int WriteId(Span<byte> span, int position, string id)
    {
        span[position] = (byte)id.Length;
        Encoding.ASCII.GetBytes(id, span[(position + 1)..]);
        return position + 1 + id.Length;
    }

    private static void CheckId(string id, string what)
    {
        if (id.Length is 0 or > 64 || !id.All(c => c < 128 && IsIdChar((byte)c)))
        {
            throw new ArgumentException($"The {what} '{id}' must be 1-64 characters of [a-z0-9._-].");
        }
    }

    private static bool IsIdChar(byte c) => c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'_' or (byte)'-';
}

/// <summary>Computes a tag over <paramref name="data"/> into <paramref name="tag"/>.</summary>
internal delegate void TagFunction(ReadOnlySpan<byte> data, Span<byte> tag);
