using System.Buffers;

namespace Cairn.Format.Index;

/// <summary>
/// A volume's index held as its encoded records, one array for all of them and one for their paths, and decoded
/// one entry at a time on demand. As objects an entry takes ~450 bytes in seven allocations (the entry, its metadata,
/// the path, two hashes, the owner's names); encoded, ~150. A restore of a volume of small files keeps its index
/// for as long as it reads the volume, long enough for the objects to reach the GC's oldest generation, where the
/// indexes of the volumes it had finished with piled up (BENCHMARKS.md, finding 48).
/// </summary>
internal sealed class CompactIndex : IDisposable
{
    private readonly long _headerLength;
    private readonly long _indexOffset;
    private readonly long _dataFrameCount;
    private readonly int _frameSize;
    private byte[] _records = ArrayPool<byte>.Shared.Rent(4096);
    private int[] _recordStarts = ArrayPool<int>.Shared.Rent(64);
    private byte[] _paths = ArrayPool<byte>.Shared.Rent(1024);
    private int[] _pathStarts = ArrayPool<int>.Shared.Rent(64);

    /// <summary>An empty index for a volume of this layout (the bounds its records were checked against).</summary>
    public CompactIndex(long headerLength, long indexOffset, long dataFrameCount, int frameSize)
    {
        _headerLength = headerLength;
        _indexOffset = indexOffset;
        _dataFrameCount = dataFrameCount;
        _frameSize = frameSize;
    }

    /// <summary>How many entries it holds.</summary>
    public int Count { get; private set; }

    /// <summary>The path of entry <paramref name="position"/>, without decoding the entry.</summary>
    public ReadOnlySpan<byte> PathAt(int position)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)position, (uint)Count, nameof(position));
        return _paths.AsSpan(_pathStarts[position], _pathStarts[position + 1] - _pathStarts[position]);
    }

    /// <summary>Entry <paramref name="position"/>, decoded afresh (a new object on each call) and checked whole.</summary>
    /// <exception cref="ArchiveFormatException">The record's metadata is malformed.</exception>
    public IndexEntry this[int position]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)position, (uint)Count, nameof(position));
            var record = _records.AsSpan(_recordStarts[position], _recordStarts[position + 1] - _recordStarts[position]);
            return IndexEntryLayout.Read(record, _headerLength, _indexOffset, _dataFrameCount, _frameSize);
        }
    }

    /// <summary>
    /// Appends a record, reading only its entry id, locations and path (<see cref="IndexEntryLayout.ReadKey"/>); the
    /// rest is checked when the entry is decoded. Decoding every entry here took 10-15 ms of a single-file restore's
    /// 0.22 s for a volume of 8,000 small files, after the key derivation, with nothing else left to run beside it.
    /// </summary>
    /// <returns>The record's entry id.</returns>
    /// <exception cref="ArchiveFormatException">Its locations are outside the volume's frame area, or it has no path.</exception>
    public long Add(ReadOnlySpan<byte> record)
    {
        var id = IndexEntryLayout.ReadKey(record, _headerLength, _indexOffset, _dataFrameCount, _frameSize, out var path);
        if (Count == 0)
        {
            _recordStarts[0] = 0;
            _pathStarts[0] = 0;
        }

        _recordStarts = Grown(_recordStarts, Count + 2);
        _pathStarts = Grown(_pathStarts, Count + 2);
        var recordEnd = _recordStarts[Count];
        var pathEnd = _pathStarts[Count];
        _records = Grown(_records, checked(recordEnd + record.Length));
        _paths = Grown(_paths, checked(pathEnd + path.Length));
        record.CopyTo(_records.AsSpan(recordEnd));
        path.CopyTo(_paths.AsSpan(pathEnd));
        Count++;
        _recordStarts[Count] = recordEnd + record.Length;
        _pathStarts[Count] = pathEnd + path.Length;
        return id;
    }

    /// <summary>Returns the arrays to the pool; the index is empty afterwards.</summary>
    public void Dispose()
    {
        if (_records.Length == 0)
        {
            return; // returned already: a second return would hand the same arrays to two renters
        }

        Count = 0;
        ArrayPool<byte>.Shared.Return(_records);
        ArrayPool<int>.Shared.Return(_recordStarts);
        ArrayPool<byte>.Shared.Return(_paths);
        ArrayPool<int>.Shared.Return(_pathStarts);
        _records = _paths = [];
        _recordStarts = _pathStarts = [];
    }

    // Pooled, as the volumes a restore reads one after another each need arrays of the same few sizes: new ones
    // were large-object garbage, which only a full collection frees (finding 48).
    private static T[] Grown<T>(T[] array, int needed)
    {
        if (array.Length >= needed)
        {
            return array;
        }

        var grown = ArrayPool<T>.Shared.Rent(Math.Max(needed, (int)Math.Min(Array.MaxLength, array.Length * 2L)));
        array.CopyTo(grown, 0);
        ArrayPool<T>.Shared.Return(array);
        return grown;
    }
}
