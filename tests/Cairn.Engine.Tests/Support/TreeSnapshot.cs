using System.Security.Cryptography;
using System.Text;
using Cairn.Engine.FileSystem;
using Cairn.Format.Entries;

namespace Cairn.Engine.Tests.Support;

/// <summary>What a restore must reproduce of a tree: every entry's type, mode, owner, mtime (ns), size, link target, xattrs and content hash.</summary>
public static class TreeSnapshot
{
    public static IReadOnlyList<string> Capture(string root)
    {
        var lines = new List<string>();
        foreach (var entry in new TreeScanner(root).Scan())
        {
            var m = entry.Metadata;
            var line = new StringBuilder();
            line.Append(Encoding.UTF8.GetString(m.Path)).Append(' ').Append(m.Type).Append(" mode=").Append(Convert.ToString(m.Mode, 8))
                .Append(" uid=").Append(m.Uid).Append(" gid=").Append(m.Gid);
            if (m.Type != EntryType.Directory && m.Type != EntryType.Symlink)
            {
                // Directory mtimes change when their contents are restored in another order on some filesystems; they are compared too, below.
                line.Append(" mtime=").Append(m.ModificationTimeNs);
            }
            else if (m.Type == EntryType.Directory)
            {
                line.Append(" dmtime=").Append(m.ModificationTimeNs);
            }

            line.Append(" size=").Append(m.Size);
            if (m.LinkTarget is { } target)
            {
                line.Append(" -> ").Append(Encoding.UTF8.GetString(target));
            }

            foreach (var x in m.ExtendedAttributes.OrderBy(x => Encoding.UTF8.GetString(x.Name), StringComparer.Ordinal))
            {
                line.Append(" xattr:").Append(Encoding.UTF8.GetString(x.Name)).Append('=').Append(Convert.ToHexString(x.Value));
            }

            if (m.Type == EntryType.File)
            {
                using var content = entry.OpenRead();
                line.Append(" sha256=").Append(Convert.ToHexString(SHA256.HashData(content)));
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    public static void AssertEqual(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string what)
    {
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && expected.Count == actual.Count,
            $"{what}: trees differ.\nexpected but not restored:\n  {string.Join("\n  ", missing.Take(10))}\nrestored but not expected:\n  {string.Join("\n  ", extra.Take(10))}");
    }
}
