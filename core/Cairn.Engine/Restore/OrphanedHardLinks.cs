using System.Text;
using Cairn.Format.Entries;

namespace Cairn.Engine.Restore;

/// <summary>
/// The selected hard links of a restore or an extraction whose first name, the name that holds the content,
/// is not selected: <c>--path d2/b</c> where <c>d2/b</c> is a second name of <c>d1/a</c>. A link to
/// <c>d1/a</c> would fail, or worse join whatever file of that name the target already holds, while the user
/// asked for the content under <c>d2/b</c>. So the first selected name of each such first name is restored
/// as a regular file with the first name's content and metadata, and its later selected names link to that
/// file. (GNU tar 1.34 gives up on such a link: "Cannot hard link to 'd1/a'", exit 2.)
/// </summary>
/// <typeparam name="TContent">
/// Where a first name's content is read from: a catalogue record for <c>cairn restore</c>, an archive's index
/// entry for <c>cairn archive extract</c>.
/// </typeparam>
/// <remarks>
/// Both read their entries once, front to back, and a first name has gone by when its link shows up; so the
/// links are collected, and their first names found by one more pass over the files, made only when there are
/// such links.
/// </remarks>
public sealed class OrphanedHardLinks<TContent>
    where TContent : class
{
    private readonly List<EntryMetadata> _links = [];

    // First name -> its file, once found. Latin-1 maps each byte to one char: a lossless key for raw-byte paths.
    private readonly Dictionary<string, (EntryMetadata Metadata, TContent Content)?> _firstNames = [];

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
    /// Finds the first names among <paramref name="files"/> (the first of a repeated path, as a link made
    /// when the entries were written means), then gives, for each link in the order added, what to create in
    /// its place: a file entry under the link's path with the first name's metadata, and the content to read
    /// into it; or, for a later name of the same first name, a hard link to the file made for the earlier one
    /// (and no content). A link whose first name is not among the files goes to <paramref name="notFound"/>
    /// and is skipped.
    /// </summary>
    /// <param name="files">The regular files the links may name, each with its content, in the order written.</param>
    /// <param name="notFound">Told of each link whose first name is not a file.</param>
    public IEnumerable<(EntryMetadata Entry, TContent? Content)> Resolve(IEnumerable<(EntryMetadata Metadata, TContent Content)> files, Action<EntryMetadata> notFound)
    {
        int unresolved = _firstNames.Count;
        foreach (var file in unresolved == 0 ? [] : files)
        {
            if (_firstNames.TryGetValue(Key(file.Metadata.Path), out var found) && found is null)
            {
                _firstNames[Key(file.Metadata.Path)] = file;
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
            else if (_firstNames[firstName] is var (metadata, content))
            {
                restoredAs.Add(firstName, link.Path);
                yield return (metadata with { Path = link.Path }, content);
            }
            else
            {
                notFound(link);
            }
        }
    }

    private static string Key(byte[] path) => Encoding.Latin1.GetString(path);
}
