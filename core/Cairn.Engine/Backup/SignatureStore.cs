using Cairn.Delta;
using Cairn.Engine.Caching;
using Cairn.Engine.Catalogue;
using Cairn.Engine.Repository;
using Cairn.Format;
using Cairn.Format.Entries;

namespace Cairn.Engine.Backup;

/// <summary>
/// Finds the previous signature of a path in the cached (plaintext) signatures archives of a chain's sets.
/// A backup asks for paths in path order, and each set's archive holds its signatures in that order, so
/// each set is read forward, once, with a sequential cursor: memory stays the same for a million entries
/// (the archive's index is never loaded). A request behind a cursor reopens that set from its start.
/// </summary>
internal sealed class SignatureStore : IDisposable
{
    private readonly EngineContext _context;
    private readonly LocalCache _cache;
    private readonly IReadOnlyList<SetManifest> _chain;
    private readonly Dictionary<int, Cursor> _cursors = [];
    private readonly HashSet<int> _fetchedAgain = [];
    private readonly CancellationToken _cancellationToken;

    public SignatureStore(EngineContext context, LocalCache cache, IReadOnlyList<SetManifest> chain, CancellationToken cancellationToken)
    {
        _context = context;
        _cache = cache;
        _chain = chain;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Loads the signature of <paramref name="path"/> stored in chain set <paramref name="set"/>.</summary>
    /// <exception cref="InvalidDataException">The set's signatures archive lacks the path (the catalogue says it is there).</exception>
    public Signature Load(int set, byte[] path)
    {
        if (set < 0 || set >= _chain.Count)
        {
            throw new InvalidDataException($"A catalogue record points at set {set} of a chain of {_chain.Count}.");
        }

        if (_cursors.TryGetValue(set, out var cursor) && cursor.IsPast(path))
        {
            cursor.Dispose();
            _cursors.Remove(set);
            cursor = null;
        }

        Signature? found;
        try
        {
            found = Find(set, cursor, path);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArchiveFormatException && _fetchedAgain.Add(set))
        {
            // The cached copy is an unencrypted archive whose frames carry checksums: one that fails them was damaged on
            // this disk. The target's copy is authenticated; reading it again beats failing every backup until the
            // user finds the cache and deletes it.
            _context.Warn($"{_chain[set].Set}: the cached copy of its signatures is damaged ({ex.Message.TrimEnd('.')}); read again from the target");
            _cursors.Remove(set, out var damaged);
            damaged?.Dispose();
            _cache.ForgetSignatures(_chain[set].Name);
            found = Find(set, null, path);
        }

        return found
            ?? throw new InvalidDataException($"The signatures of {_chain[set].Set} have no entry for \"{PathDisplay.Of(path)}\" although its catalogue points there.");
    }

    /// <summary>Looks for <paramref name="path"/> with the set's cursor, opening one when there is none.</summary>
    private Signature? Find(int set, Cursor? cursor, byte[] path)
    {
        if (cursor is null)
        {
            var file = _cache.GetSignaturesPathAsync(_context, _chain[set], _cancellationToken).GetAwaiter().GetResult();
            cursor = new Cursor(file, _context.Algorithms);
            _cursors[set] = cursor;
        }

        return cursor.Find(path);
    }

    public void Dispose()
    {
        foreach (var cursor in _cursors.Values)
        {
            cursor.Dispose();
        }

        _cursors.Clear();
    }

    /// <summary>A forward reader over one set's signatures archive.</summary>
    private sealed class Cursor : IDisposable
    {
        private readonly FileStream _file;
        private readonly IEnumerator<SequentialEntry> _entries;
        private SequentialEntry? _current;
        private byte[]? _lastAsked;

        public Cursor(string path, IArchiveAlgorithms algorithms)
        {
            _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            _entries = SequentialArchiveReader.Read(_file, algorithms, []).GetEnumerator();
            _current = _entries.MoveNext() ? _entries.Current : null;
        }

        /// <summary>True when <paramref name="path"/> sorts before the last path asked for: the cursor has passed it.</summary>
        public bool IsPast(byte[] path) => _lastAsked is not null && PathOrder.Compare(path, _lastAsked) < 0;

        public Signature? Find(byte[] path)
        {
            _lastAsked = path;
            while (_current is not null)
            {
                var cmp = PathOrder.Compare(_current.Metadata.Path, path);
                if (cmp > 0)
                {
                    return null;
                }

                // Read before moving on: the sequential reader skips an entry's data when it advances.
                var found = cmp == 0 && _current.Metadata.ContentKind == EntryContentKind.Signature ? Signature.ReadFrom(_current.Data) : null;
                _current = _entries.MoveNext() ? _entries.Current : null;
                if (found is not null)
                {
                    return found;
                }
            }

            return null;
        }

        public void Dispose()
        {
            _entries.Dispose();
            _file.Dispose();
        }
    }
}
