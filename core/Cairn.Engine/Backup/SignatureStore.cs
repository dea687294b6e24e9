using Cairn.Delta;
using Cairn.Engine.Caching;
using Cairn.Engine.Catalogue;
using Cairn.Engine.Repository;
using Cairn.Format;
using Cairn.Format.Entries;

namespace Cairn.Engine.Backup;

/// <summary>
/// Finds the previous signature of a path in the cached (plaintext) signatures archives of a chain's sets.
/// A set's archive is opened on first use; its entries are in path order, so a lookup is a binary search
/// of the index and a read of that one entry.
/// </summary>
internal sealed class SignatureStore : IDisposable
{
    private readonly EngineContext _context;
    private readonly LocalCache _cache;
    private readonly IReadOnlyList<SetManifest> _chain;
    private readonly Dictionary<int, (FileStream File, ArchiveReader Reader)> _open = [];
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
        var reader = Open(set);
        var entries = reader.Entries;
        int lo = 0, hi = entries.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var cmp = PathOrder.Compare(entries[mid].Metadata.Path, path);
            if (cmp == 0)
            {
                if (entries[mid].Metadata.ContentKind != EntryContentKind.Signature)
                {
                    break;
                }

                using var data = reader.OpenData(entries[mid]);
                return Signature.ReadFrom(data);
            }

            if (cmp < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        throw new InvalidDataException($"The signatures of {_chain[set].Set} have no entry for \"{System.Text.Encoding.UTF8.GetString(path)}\" although its catalogue points there.");
    }

    private ArchiveReader Open(int set)
    {
        if (_open.TryGetValue(set, out var open))
        {
            return open.Reader;
        }

        if (set < 0 || set >= _chain.Count)
        {
            throw new InvalidDataException($"A catalogue record points at set {set} of a chain of {_chain.Count}.");
        }

        var path = _cache.GetSignaturesPathAsync(_context, _chain[set], _cancellationToken).GetAwaiter().GetResult();
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        try
        {
            var reader = ArchiveReader.Open(file, _context.Algorithms, []);
            _open[set] = (file, reader);
            return reader;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var (file, reader) in _open.Values)
        {
            reader.Dispose();
            file.Dispose();
        }

        _open.Clear();
    }
}
