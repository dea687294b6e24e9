using System.Text;
using Cairn.Format;
using Cairn.Format.Entries;

namespace Cairn.Cli.Commands.Archive;

/// <summary>
/// For <c>archive extract</c> of some paths: a selected hard link whose first name (the entry that holds the
/// content) is not selected. Linking to that name would fail, since nothing was extracted there, or worse join
/// whatever file of that name the directory already holds, while the user asked for the content under the
/// selected name. So the first such link of each first name is extracted as a file with the first name's
/// metadata and data, and the later ones link to that file. (GNU tar 1.34 gives up on such a link: "Cannot
/// hard link to 'd1/a'", exit 2.)
/// </summary>
/// <param name="selection">The paths asked for (none: everything, and no link is ever orphaned).</param>
internal sealed class HardLinkCopies(IReadOnlyList<byte[]> selection)
{
    // First name -> the selected name extracted with its content. Latin-1 maps each byte to one char: a
    // lossless key for raw-byte paths.
    private readonly Dictionary<string, byte[]> _copies = [];
    private Dictionary<string, IndexEntry>? _files;

    /// <summary>True for a hard link whose first name is not selected.</summary>
    public bool IsOrphan(EntryMetadata metadata) =>
        metadata.Type == EntryType.HardLink && metadata.LinkTarget is { } firstName && !ArchiveFiles.IsSelected(firstName, selection);

    /// <summary>
    /// What to extract in place of the orphaned <paramref name="link"/>: a hard link to the earlier copy of its
    /// first name (and no data), or a file under the link's path with the first name's metadata and the index
    /// entry to read its data from; <see langword="null"/> when the first name is not a file of the archive.
    /// </summary>
    public (EntryMetadata Entry, IndexEntry? Data)? Resolve(EntryMetadata link, IReadOnlyList<IndexEntry> entries)
    {
        string firstName = Key(link.LinkTarget!);
        if (_copies.TryGetValue(firstName, out var copy))
        {
            return (link with { LinkTarget = copy }, null);
        }

        if (_files is null)
        {
            _files = [];
            foreach (var entry in entries.Where(e => e.Metadata.Type == EntryType.File && e.Metadata.ContentKind == EntryContentKind.Snapshot))
            {
                _files.TryAdd(Key(entry.Metadata.Path), entry); // the first of a repeated path, as a link made at creation means
            }
        }

        if (!_files.TryGetValue(firstName, out var first))
        {
            return null;
        }

        _copies.Add(firstName, link.Path);
        return (first.Metadata with { Path = link.Path }, first);
    }

    private static string Key(byte[] path) => Encoding.Latin1.GetString(path);
}
