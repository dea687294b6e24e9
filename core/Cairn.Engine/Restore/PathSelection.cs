using Cairn.Engine.Catalogue;
using Cairn.Format.Entries;

namespace Cairn.Engine.Restore;

/// <summary>
/// The paths a restore or listing asked for: each selects itself, everything beneath it, and its
/// ancestors (so that parents are recreated with their own metadata). No paths select everything.
/// </summary>
public sealed class PathSelection
{
    private readonly byte[][] _paths;   // every reading of every request
    private readonly int[] _requestOf;  // the request each reading belongs to
    private readonly byte[][] _asked;   // per request: its first reading, to name it when nothing matched
    private readonly bool[] _found;     // per request

    /// <summary>
    /// Normalizes the requested paths (surrounding slashes and <c>./</c> removed). Each is read as <c>list</c> shows
    /// paths, and one with a backslash also as typed (<see cref="PathDisplay.Readings"/>), so that a name that is not
    /// UTF-8 can be asked for as <c>caf\xe9.txt</c> and a name holding backslashes as it is. Either reading satisfies
    /// the request.
    /// </summary>
    /// <exception cref="ArgumentException">A path contains a <c>..</c> segment.</exception>
    public PathSelection(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var readings = new List<byte[]>();
        var requestOf = new List<int>();
        var asked = new List<byte[]>();
        foreach (var raw in paths)
        {
            // Normalized, the two readings can come out the same (they differed only in slashes).
            var forms = PathDisplay.Readings(raw).Select(p => Normalize(p, raw)).DistinctBy(Convert.ToHexString).ToList();
            readings.AddRange(forms);
            requestOf.AddRange(forms.Select(_ => asked.Count));
            asked.Add(forms[0]);
        }

        _paths = [.. readings];
        _requestOf = [.. requestOf];
        _asked = [.. asked];
        _found = new bool[_asked.Length];
        SelectsAll = _paths.Length == 0 || _paths.Any(p => p.Length == 0);
    }

    /// <summary>The path without empty and <c>.</c> segments.</summary>
    /// <exception cref="ArgumentException">The path has a <c>..</c> segment.</exception>
    private static byte[] Normalize(byte[] path, string raw)
    {
        var kept = new List<byte>(path.Length);
        foreach (var range in path.AsSpan().Split((byte)'/'))
        {
            var segment = path.AsSpan()[range];
            if (segment.IsEmpty || segment.SequenceEqual("."u8))
            {
                continue;
            }

            if (segment.SequenceEqual(".."u8))
            {
                throw new ArgumentException($"The path \"{raw}\" has a '..' segment; give paths relative to the backed-up folder.", "paths");
            }

            if (kept.Count > 0)
            {
                kept.Add((byte)'/');
            }

            kept.AddRange(segment);
        }

        return [.. kept];
    }

    /// <summary>True when the whole tree is selected.</summary>
    public bool SelectsAll { get; }

    /// <summary>True when <paramref name="path"/> is selected (and notes which request it satisfied).</summary>
    public bool Matches(byte[] path) => Match(path, note: true);

    /// <summary>
    /// True when <paramref name="path"/> is a requested path or lies beneath one, not merely an ancestor of one, and
    /// notes which request it satisfied: what a listing shows.
    /// </summary>
    public bool Covers(byte[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (SelectsAll)
        {
            return true;
        }

        var any = false;
        for (var i = 0; i < _paths.Length; i++)
        {
            if (path.AsSpan().SequenceEqual(_paths[i]) || IsBeneath(path, _paths[i]))
            {
                _found[_requestOf[i]] = true;
                any = true;
            }
        }

        return any;
    }

    /// <summary>True when <paramref name="path"/> is selected, as <see cref="Matches"/> says, without noting anything.</summary>
    public bool Selects(byte[] path) => Match(path, note: false);

    private bool Match(byte[] path, bool note)
    {
        if (SelectsAll)
        {
            return true;
        }

        var any = false;
        for (var i = 0; i < _paths.Length; i++)
        {
            var wanted = _paths[i];
            if (path.AsSpan().SequenceEqual(wanted) || IsBeneath(path, wanted))
            {
                _found[_requestOf[i]] |= note;
                any = true;
            }
            else if (path.Length == 0 || IsBeneath(wanted, path))
            {
                any = true;
            }
        }

        return any;
    }

    /// <summary>
    /// True when no path at or after <paramref name="path"/> in <see cref="Catalogue.PathOrder"/> can be selected:
    /// it comes after every requested path's subtree. A catalogue is in that order, so a restore of a few paths
    /// stops reading it there instead of parsing the records of the rest of the tree.
    /// </summary>
    public bool IsPastAll(byte[] path)
    {
        if (SelectsAll)
        {
            return false;
        }

        foreach (var wanted in _paths)
        {
            if (Catalogue.PathOrder.Compare(path, wanted) <= 0 || IsBeneath(path, wanted))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The records a restore writes (<see cref="Matches"/>: the requested paths, what is beneath them and their
    /// ancestors), read no further than the last requested path's subtree.
    /// </summary>
    /// <param name="records">Records in <see cref="Catalogue.PathOrder"/>, as a catalogue holds them.</param>
    public IEnumerable<CatalogueRecord> Restored(IEnumerable<CatalogueRecord> records) => Filter(records, Matches);

    /// <summary>
    /// The records a listing shows (<see cref="Covers"/>: the requested paths and what is beneath them), read no further
    /// than the last requested path's subtree.
    /// </summary>
    /// <param name="records">Records in <see cref="Catalogue.PathOrder"/>, as a catalogue holds them.</param>
    public IEnumerable<CatalogueRecord> Listed(IEnumerable<CatalogueRecord> records) => Filter(records, Covers);

    private IEnumerable<CatalogueRecord> Filter(IEnumerable<CatalogueRecord> records, Func<byte[], bool> selects)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            if (selects(record.Metadata.Path))
            {
                yield return record;
            }
            else if (IsPastAll(record.Metadata.Path))
            {
                yield break;
            }
        }
    }

    /// <summary>Throws when a requested path was not met in the backup read.</summary>
    /// <param name="backup">The backup's name, for the message.</param>
    /// <exception cref="FileNotFoundException">One or more requested paths are not in it; the message names them.</exception>
    public void ThrowIfMissing(string backup)
    {
        if (Missing.ToList() is { Count: > 0 } missing)
        {
            throw new FileNotFoundException($"Not in the backup {backup}: {string.Join(", ", missing)}.");
        }
    }

    /// <summary>The requested paths nothing matched.</summary>
    public IEnumerable<string> Missing => _asked.Where((_, r) => !_found[r]).Select(p => PathDisplay.Of(p));

    private static bool IsBeneath(byte[] path, byte[] ancestor) =>
        path.Length > ancestor.Length + 1 && path[ancestor.Length] == (byte)'/' && path.AsSpan().StartsWith(ancestor);
}
