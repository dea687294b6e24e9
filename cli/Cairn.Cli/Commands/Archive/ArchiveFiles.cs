using Cairn.Engine.FileSystem;
using Cairn.Format;
using Cairn.Format.Entries;

namespace Cairn.Cli.Commands.Archive;

/// <summary>Helpers shared by the archive commands: opening volumes, matching paths, describing entries.</summary>
internal static class ArchiveFiles
{
    public static bool IsStandardStream(string path) => path == CliRunner.StandardStreamArgument;

    /// <summary>Opens the archive volume at <paramref name="path"/> for reading.</summary>
    /// <exception cref="ArgumentException">The path is standard input ('-') or names a directory, a fifo, a device or a socket, not a regular file.</exception>
    /// <exception cref="IOException">The volume does not exist or cannot be opened.</exception>
    public static FileStream OpenVolume(string path)
    {
        if (IsStandardStream(path))
        {
            // Only archive list and extract read an archive front to back; the rest seek to its index at the end.
            throw new ArgumentException("'-' (standard input) cannot be read here: give the archive's file, which is read from its index at the end");
        }

        // Looked at before opening: opening a fifo waits for a writer (for ever, typically), and a directory
        // fails in .NET's words ("Access to the path is denied"), which do not say what is wrong.
        var problem = PathType.Of(path) switch
        {
            null or EntryType.File => null, // a missing file: the open below says so
            EntryType.Directory => "is a directory, not an archive file",
            EntryType.Fifo => "is a named pipe, not a regular file",
            EntryType.CharacterDevice or EntryType.BlockDevice => "is a device, not a regular file",
            _ => "is not a regular file",
        };
        if (problem is not null)
        {
            throw new ArgumentException($"{PathDisplay.Of(System.Text.Encoding.UTF8.GetBytes(path))} {problem}");
        }

        return new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
    }

    /// <summary>True when <paramref name="path"/> is one of <paramref name="selected"/> or lies under one (none: everything).</summary>
    public static bool IsSelected(byte[] path, IReadOnlyList<byte[]> selected)
    {
        if (selected.Count == 0)
        {
            return true;
        }

        foreach (var prefix in selected)
        {
            if (path.AsSpan().SequenceEqual(prefix) || (path.Length > prefix.Length && path.AsSpan().StartsWith(prefix) && path[prefix.Length] == (byte)'/'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The member paths asked for, each read as listings show paths (<see cref="PathDisplay.Parse"/>: <c>caf\xe9.txt</c>
    /// for a name that is not UTF-8) and, when it has a backslash, also as typed (a name that holds backslashes), as
    /// <c>restore --path</c> reads them.
    /// </summary>
    public static IReadOnlyList<byte[]> Selection(string[]? paths) =>
        (paths ?? []).SelectMany(p => PathDisplay.Readings(p.Trim('/'))).ToList();

    public static string Display(byte[] path) => PathDisplay.Of(path);

    public static string Mode(uint mode)
    {
        Span<char> text = stackalloc char[9];
        const string letters = "rwxrwxrwx";
        for (var i = 0; i < 9; i++)
        {
            text[i] = (mode & (1u << (8 - i))) != 0 ? letters[i] : '-';
        }

        return new string(text);
    }

    public static string Time(long nanoseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(nanoseconds / 1_000_000).UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string Hex(byte[]? bytes) => bytes is null ? string.Empty : Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>A JSON-ready description of an entry's metadata; JSON escapes the names itself, so they are decoded, not displayed (see <see cref="JsonNames"/>).</summary>
    public static Dictionary<string, object?> Describe(EntryMetadata m)
    {
        var fields = new Dictionary<string, object?>();
        JsonNames.Add(fields, "path", "path_escaped", m.Path);
        fields["type"] = m.Type.ToString().ToLowerInvariant();
        fields["content"] = m.ContentKind.ToString().ToLowerInvariant();
        fields["mode"] = Convert.ToString(m.Mode, 8);
        fields["uid"] = m.Uid;
        fields["gid"] = m.Gid;
        fields["user"] = m.UserName;
        fields["group"] = m.GroupName;
        fields["size"] = m.Size;
        fields["mtime_ns"] = m.ModificationTimeNs;
        JsonNames.Add(fields, "link_target", "link_target_escaped", m.LinkTarget);
        fields["sha256"] = m.ContentHash is null ? null : Hex(m.ContentHash);
        return fields;
    }

    public static IEnumerable<SequentialEntry> ReadFrontToBack(Stream input, IArchiveAlgorithms algorithms, IReadOnlyList<Cairn.Contracts.Recipients.IIdentity> identities) =>
        SequentialArchiveReader.Read(input, algorithms, identities);
}
