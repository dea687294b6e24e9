namespace Cairn.Engine.Catalogue;

/// <summary>
/// The byte layout of a catalogue, in one place. A catalogue is: the 8-byte magic <c>CAIRNCAT</c>, a
/// version byte (1), then records (each a LEB128 length &gt; 0 followed by that many bytes), then a zero
/// length and the LEB128 record count. Inside a record, integers are LEB128 (signed ones zig-zagged),
/// byte strings are a length then bytes, and optional values store length + 1 (0 meaning absent):
/// path, type, content kind, mode, uid, gid, user name, group name, atime, mtime, ctime (ns), size,
/// link target, device major, minor, xattr count and pairs, access ACL, default ACL, sparse region
/// count + 1 and (offset, length) pairs, content hash, device, inode, data location count and
/// (set, volume) pairs, signature set.
/// </summary>
internal static class CatalogueLayout
{
    public static ReadOnlySpan<byte> Magic => "CAIRNCAT"u8;

    public const byte Version = 1;

    /// <summary>No record is larger: a longer length is corruption, not something to allocate.</summary>
    public const int MaxRecordLength = 16 << 20;
}
