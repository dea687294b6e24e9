using System.Security.Cryptography;
using System.Text;
using Cairn.Engine.FileSystem;
using Cairn.Format.Entries;

namespace Cairn.Engine.Tests.FileSystem;

/// <summary>
/// Builds a real tree with every kind of object, scans it, restores it through <see cref="RestoreTarget"/>
/// and checks that a fresh scan of the copy records the same metadata and content.
/// </summary>
public sealed class FileSystemRoundTripTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly TempDirectory _source = new("cairn-src-");
    private readonly TempDirectory _restored = new("cairn-dst-");

    public void Dispose()
    {
        _source.Dispose();
        _restored.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Restore_of_a_scan_reproduces_every_field_of_every_object(bool nameless)
    {
        BuildTree(_source.Path);
        var scanner = new TreeScanner(_source.Path);
        var original = scanner.Scan().ToList();
        Assert.Empty(scanner.Warnings);

        using (var target = new RestoreTarget(_restored.Path, new RestoreOptions { NamelessFiles = nameless }))
        {
            foreach (var entry in original)
            {
                Restore(target, entry);
            }

            target.Finish();
            if (Shell.IsRoot)
            {
                Assert.Empty(target.Warnings);
            }
            else
            {
                Assert.Contains(target.Warnings, w => w.Path == "chardev" && w.Message.Contains("root", StringComparison.Ordinal));
            }
        }

        var rescanner = new TreeScanner(_restored.Path);
        var copy = rescanner.Scan().ToList();
        Assert.Empty(rescanner.Warnings);
        Assert.Equal(original.Select(Describe), copy.Select(Describe));

        // Content, and hard links sharing one inode.
        foreach (var (a, b) in original.Zip(copy).Where(p => p.First.Metadata.Type == EntryType.File))
        {
            Assert.Equal(Hash(a), Hash(b));
        }

        var byPath = copy.ToDictionary(e => Encoding.UTF8.GetString(e.Metadata.Path));
        Assert.Equal(byPath["dir/hard1"].Inode, byPath["hard2"].Inode);
        Assert.Equal(EntryType.HardLink, byPath["hard2"].Metadata.Type);
        Assert.Equal("dir/hard1"u8.ToArray(), byPath["hard2"].Metadata.LinkTarget);
    }

    [Fact]
    public void Scan_records_the_details_of_special_objects()
    {
        BuildTree(_source.Path);
        var entries = new TreeScanner(_source.Path).Scan().ToDictionary(e => Encoding.UTF8.GetString(e.Metadata.Path));

        Assert.Equal(EntryType.Directory, entries[""].Metadata.Type);
        var plain = entries["plain.txt"].Metadata;
        Assert.Equal(1_577_934_245_123_456_789L, plain.ModificationTimeNs); // 2020-01-02 03:04:05.123456789 UTC
        Assert.Equal(plain.ModificationTimeNs, plain.AccessTimeNs);
        Assert.Contains(plain.ExtendedAttributes, x => x.Name.AsSpan().SequenceEqual("user.bin"u8) && x.Value.AsSpan().SequenceEqual(new byte[] { 0x00, 0xFF, 0x10 }));
        Assert.DoesNotContain(plain.ExtendedAttributes, x => x.Name.AsSpan().StartsWith("system.posix_acl"u8));
        Assert.NotNull(plain.AccessAcl);
        Assert.NotNull(entries["dir"].Metadata.DefaultAcl);
        Assert.Null(entries["dir"].Metadata.AccessAcl); // a default ACL alone leaves the access ACL minimal

        Assert.Equal("/etc/passwd"u8.ToArray(), entries["link-abs"].Metadata.LinkTarget);
        Assert.Equal("nowhere/x"u8.ToArray(), entries["link-dangling"].Metadata.LinkTarget);
        Assert.Equal(EntryType.Fifo, entries["fifo"].Metadata.Type);
        Assert.Equal(Convert.ToUInt32("2775", 8), entries["sgid"].Metadata.Mode);
        Assert.Equal(Convert.ToUInt32("1777", 8), entries["sticky"].Metadata.Mode);
        Assert.Equal(Convert.ToUInt32("4755", 8), entries["dir/sub/deep.bin"].Metadata.Mode);
        Assert.Equal(1_557_126_489_987_654_321L, entries["dir/sub"].Metadata.ModificationTimeNs);
        Assert.Equal("odd"u8.ToArray().Append((byte)0xFF).Concat("name"u8.ToArray()), entries["odd\uFFFDname"].Metadata.Path); // raw bytes kept
        Assert.True(entries.ContainsKey("new\nline"));

        // Sparse: data regions only where data was written, nothing for a file that is all hole.
        var sparse = entries["sparse.img"].Metadata;
        Assert.Equal(16 * MiB, sparse.Size);
        Assert.NotNull(sparse.SparseMap);
        Assert.Equal(2, sparse.SparseMap!.Count);
        Assert.Equal(0, sparse.SparseMap[0].Offset);
        Assert.True(sparse.SparseMap[1].Offset >= 10 * MiB);
        Assert.True(sparse.SparseMap.Sum(r => r.Length) < MiB);
        Assert.Empty(entries["allhole"].Metadata.SparseMap!);
        Assert.Null(entries["dir/sub/deep.bin"].Metadata.SparseMap);

        if (Shell.IsRoot)
        {
            var device = entries["chardev"].Metadata;
            Assert.Equal(EntryType.CharacterDevice, device.Type);
            Assert.Equal((1u, 3u), (device.DeviceMajor, device.DeviceMinor));
            Assert.Equal((1234L, 5678L), (entries["empty"].Metadata.Uid, entries["empty"].Metadata.Gid));
            Assert.Null(entries["empty"].Metadata.UserName);
            Assert.Equal(("nobody", "nogroup"), (entries["space name"].Metadata.UserName, entries["space name"].Metadata.GroupName));
        }

        // The sparse content stream holds just the data regions.
        using var content = entries["sparse.img"].OpenContent();
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        Assert.Equal(sparse.SparseMap.Sum(r => r.Length), buffer.Length);
        Assert.StartsWith("head", Encoding.ASCII.GetString(buffer.ToArray()), StringComparison.Ordinal);
    }

    /// <summary>Every object kind, odd names, xattrs, ACLs, ns times, special modes, holes.</summary>
    internal static void BuildTree(string root)
    {
        string owners = Shell.IsRoot
            ? "mknod chardev c 1 3; chown 1234:5678 empty; chown nobody:nogroup 'space name'; chown -h 1234:5678 link-abs"
            : "mknod chardev c 1 3 2>/dev/null || true";
        Shell.Run($"""
            printf 'hello\n' > plain.txt
            : > empty
            mkdir -p dir/sub emptydir sgid sticky
            head -c 100000 /dev/urandom > dir/sub/deep.bin
            ln -s plain.txt link-rel
            ln -s nowhere/x link-dangling
            ln -s /etc/passwd link-abs
            printf 'linked' > dir/hard1
            ln dir/hard1 hard2
            mkfifo fifo
            printf x > $'odd\xffname'
            printf y > $'new\nline'
            printf z > 'space name'
            printf u > 'ünïcode'
            truncate -s 1M allhole
            setfattr -n user.comment -v hello plain.txt
            setfattr -n user.bin -v 0x00ff10 plain.txt
            setfattr -n user.dir -v d dir
            setfacl -m u:nobody:r plain.txt
            setfacl -d -m u:nobody:rx dir
            {owners}
            chmod 2775 sgid; chmod 1777 sticky; chmod 0600 empty; chmod 4755 dir/sub/deep.bin
            touch -h -d '2020-01-02 03:04:05.123456789 UTC' link-rel plain.txt
            touch -d '2019-05-06 07:08:09.987654321 UTC' dir/sub
            """, root);
        using (var sparse = new FileStream(Path.Combine(root, "sparse.img"), FileMode.CreateNew))
        {
            sparse.Write("head"u8);
            sparse.Seek((10 * MiB) + 8192, SeekOrigin.Begin);
            sparse.Write("tail"u8);
            sparse.SetLength(16 * MiB);
        }
    }

    internal static void Restore(RestoreTarget target, ScannedEntry entry)
    {
        if (entry.Metadata.Type == EntryType.File)
        {
            using var output = target.CreateFile(entry.Metadata);
            using var input = entry.OpenContent();
            input.CopyTo(output);
            output.Commit();
        }
        else
        {
            target.Create(entry.Metadata);
        }
    }

    private static string Hash(ScannedEntry entry)
    {
        using var stream = entry.OpenRead();
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    /// <summary>Every restorable field as one line (ctime, inode and device cannot be restored).</summary>
    internal static string Describe(ScannedEntry entry)
    {
        var m = entry.Metadata;
        string Hex(byte[]? b) => b is null ? "-" : Convert.ToHexString(b);
        string xattrs = string.Join(",", m.ExtendedAttributes.Select(x => $"{Hex(x.Name)}={Hex(x.Value)}").Order(StringComparer.Ordinal));
        string sparse = m.SparseMap is null ? "dense" : string.Join(",", m.SparseMap.Select(r => $"{r.Offset}+{r.Length}"));
        return $"{Hex(m.Path)} {m.Type} {Convert.ToString(m.Mode, 8)} {m.Uid}:{m.Gid} {m.UserName}:{m.GroupName} a={m.AccessTimeNs} m={m.ModificationTimeNs} " +
               $"size={m.Size} link={Hex(m.LinkTarget)} dev={m.DeviceMajor},{m.DeviceMinor} xattrs={xattrs} acl={Hex(m.AccessAcl)} default={Hex(m.DefaultAcl)} {sparse} kind={m.ContentKind}";
    }
}
