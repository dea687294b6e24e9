using System.Security.Cryptography;
using System.Text;
using Cairn.Format.Entries;

namespace Cairn.Format.Tests.Support;

/// <summary>Entries and data for tests: deterministic, so failures reproduce.</summary>
internal static class TestEntries
{
    public static EntryMetadata File(string path, long size = 0) => new()
    {
        Path = Encoding.UTF8.GetBytes(path),
        Type = EntryType.File,
        Mode = 0x1A4, // 0644
        Size = size,
        ModificationTimeNs = 1_700_000_000_123_456_789,
    };

    public static EntryMetadata Directory(string path) => new()
    {
        Path = Encoding.UTF8.GetBytes(path),
        Type = EntryType.Directory,
        Mode = 0x1ED, // 0755
    };

    /// <summary>Every field set to something other than its default.</summary>
    public static EntryMetadata Full(byte[] path) => new()
    {
        Path = path,
        Type = EntryType.File,
        ContentKind = EntryContentKind.Delta,
        Mode = 0xFFF,
        Uid = 1000,
        Gid = -2,
        UserName = "ünïcode-user",
        GroupName = "staff",
        AccessTimeNs = -1_000_000_001,
        ModificationTimeNs = long.MaxValue,
        ChangeTimeNs = long.MinValue,
        Size = 123_456_789_012,
        LinkTarget = [0xFF, 0x00, 0x2F, 0x80],
        DeviceMajor = uint.MaxValue,
        DeviceMinor = 7,
        ExtendedAttributes = [new([.. "user.a"u8], [1, 2, 3]), new([.. "user.a"u8], []), new([.. "security.selinux"u8], [.. "system_u:object_r"u8])],
        AccessAcl = [2, 0, 0, 0, 1, 0, 6, 0],
        DefaultAcl = [],
        SparseMap = [new(0, 4096), new(1 << 30, 1), new(long.MaxValue - 10, 10)],
        ContentHash = SHA256.HashData([1, 2, 3]),
    };

    /// <summary>Pseudo-random but compressible data of <paramref name="length"/> bytes.</summary>
    public static byte[] Data(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        var words = new[] { "cairn", "stone", "archive ", "frame", "\n", "zstd", "0123456789" };
        var position = 0;
        while (position < length)
        {
            var word = random.Next(4) == 0 ? [(byte)random.Next(256)] : Encoding.ASCII.GetBytes(words[random.Next(words.Length)]);
            var count = Math.Min(word.Length, length - position);
            word.AsSpan(0, count).CopyTo(data.AsSpan(position));
            position += count;
        }

        return data;
    }

    public static byte[] RandomData(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static void AssertSame(EntryMetadata expected, EntryMetadata actual)
    {
        Assert.Equal(expected.Path, actual.Path);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.ContentKind, actual.ContentKind);
        Assert.Equal(expected.Mode, actual.Mode);
        Assert.Equal(expected.Uid, actual.Uid);
        Assert.Equal(expected.Gid, actual.Gid);
        Assert.Equal(expected.UserName, actual.UserName);
        Assert.Equal(expected.GroupName, actual.GroupName);
        Assert.Equal(expected.AccessTimeNs, actual.AccessTimeNs);
        Assert.Equal(expected.ModificationTimeNs, actual.ModificationTimeNs);
        Assert.Equal(expected.ChangeTimeNs, actual.ChangeTimeNs);
        Assert.Equal(expected.Size, actual.Size);
        Assert.Equal(expected.LinkTarget, actual.LinkTarget);
        Assert.Equal(expected.DeviceMajor, actual.DeviceMajor);
        Assert.Equal(expected.DeviceMinor, actual.DeviceMinor);
        Assert.Equal(expected.ExtendedAttributes.Count, actual.ExtendedAttributes.Count);
        for (var i = 0; i < expected.ExtendedAttributes.Count; i++)
        {
            Assert.Equal(expected.ExtendedAttributes[i].Name, actual.ExtendedAttributes[i].Name);
            Assert.Equal(expected.ExtendedAttributes[i].Value, actual.ExtendedAttributes[i].Value);
        }

        Assert.Equal(expected.AccessAcl, actual.AccessAcl);
        Assert.Equal(expected.DefaultAcl, actual.DefaultAcl);
        Assert.Equal(expected.SparseMap, actual.SparseMap);
        Assert.Equal(expected.ContentHash, actual.ContentHash);
    }
}
