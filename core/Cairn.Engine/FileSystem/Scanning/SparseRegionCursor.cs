using Cairn.Format.Entries;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// Maps a position in a sparse file's stored content (its data regions back to back) to file offsets;
/// shared by the reading side (<see cref="SparseContentStream"/>) and the restoring side.
/// </summary>
internal struct SparseRegionCursor(IReadOnlyList<SparseRegion> regions)
{
    private int _region;
    private long _inRegion;

    /// <summary>The next piece: where it lies in the file and how long it is (at most <paramref name="max"/>).</summary>
    /// <returns><see langword="false"/> when every region has been covered.</returns>
    public bool Next(int max, out long fileOffset, out int length)
    {
        while (_region < regions.Count)
        {
            var region = regions[_region];
            long left = region.Length - _inRegion;
            if (left > 0)
            {
                fileOffset = region.Offset + _inRegion;
                length = (int)Math.Min(left, max);
                return true;
            }

            _region++;
            _inRegion = 0;
        }

        fileOffset = 0;
        length = 0;
        return false;
    }

    /// <summary>Moves past <paramref name="count"/> bytes of the piece <see cref="Next"/> returned.</summary>
    public void Advance(int count) => _inRegion += count;
}
