using System.Text;
using Cairn.Engine.Catalogue;
using Cairn.Format.Entries;

namespace Cairn.Engine.Restore;

/// <summary>
/// The selected hard links of a restore whose first name, the name that holds the content in the backup, is
/// not selected: <c>--path d2/b</c> where <c>d2/b</c> is a second name of <c>d1/a</c>. A link to <c>d1/a</c>
/// would fail, or worse join whatever file of that name the target already holds, while the user asked for
/// the content under <c>d2/b</c>. So the first selected name of each such first name is restored as a regular
/// file with the first name's content and metadata, and its later selected names link to that file.
/// </summary>
/// <remarks>
/// The restore reads its catalogue once, front to back, holding one record at a time, and the first name's
/// record has gone by when its link shows up; the first names are found by one more pass over the catalogue,
/// made only when a restore has such links.
/// </remarks>
internal sealed class OrphanedHardLinks
{
    private readonly List<EntryMetadata> _links = [];

    // First name -> its record, once found. Latin-1 maps each byte to one char: a lossless key for raw-byte paths.
    private readonly Dictionary<string, CatalogueRecord?> _firstNames = [];

    /// <summary>True when no link was added.</summary>
    public bool IsEmpty => _links.Count == 0;

    /// <summary>Notes a selected hard link whose first name (<see cref="EntryMetadata.LinkTarget"/>) is not selected.</summary>
    public void Add(EntryMetadata link)
    {
        ArgumentNullException.ThrowIfNull(link.LinkTarget);
        _links.Add(link);
        _firstNames.TryAdd(Key(link.LinkTarget), null);
    }

    /// <summary>
    /// Finds the first names in <paramref name="catalogue"/>, then gives, for each link in the order added,
    /// what to create in its place: a file entry under the link's path with the first name's metadata, and the
    /// record to read its content from; or, for a later name of the same first name, a hard link to the file
    /// made for the earlier one (and no record). A link whose first name is not a file of the catalogue is
    /// reported to <paramref name="warn"/> and skipped.
    /// </summary>
    /// <exception cref="InvalidDataException">The catalogue is corrupt.</exception>
    public IEnumerable<(EntryMetadata Entry, CatalogueRecord? Content)> Resolve(IEnumerable<CatalogueRecord> catalogue, Action<string> warn)
    {
        int unresolved = _firstNames.Count;
        foreach (var record in catalogue)
        {
            if (record.IsFile && _firstNames.TryGetValue(Key(record.Metadata.Path), out var found) && found is null)
            {
                _firstNames[Key(record.Metadata.Path)] = record;
                if (--unresolved == 0)
                {
                    break;
                }
            }
        }

        var restoredAs = new Dictionary<string, byte[]>();
        foreach (var link in _links)
        {
            string firstName = Key(link.LinkTarget!);
            if (restoredAs.TryGetValue(firstName, out var copy))
            {
                yield return (link with { LinkTarget = copy }, null);
            }
            else if (_firstNames[firstName] is { } first)
            {
                restoredAs.Add(firstName, link.Path);
                yield return (first.Metadata with { Path = link.Path }, first);
            }
            else
            {
                warn($"{Display(link.Path)}: hard link not restored, its first name {Display(link.LinkTarget!)} is not a file of the backup");
            }
        }
    }

    private static string Key(byte[] path) => Encoding.Latin1.GetString(path);

    private static string Display(byte[] path) => PathDisplay.Of(path);
}
