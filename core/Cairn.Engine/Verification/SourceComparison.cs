using System.Buffers;
using System.Security.Cryptography;
using Cairn.Engine.FileSystem.Native;
using Cairn.Format.Entries;
using Microsoft.Win32.SafeHandles;

namespace Cairn.Engine.Verification;

/// <summary>How <c>verify --compare-data</c> compares a file of the live source with what a backup recorded of it.</summary>
internal static class SourceComparison
{
    /// <summary>
    /// Whether a live file holds the content the backup recorded. A sparse file's recorded SHA-256 covers its data
    /// regions back to back: the bytes of those regions are hashed, and every other byte must be a hole's zero, up to
    /// the recorded size. Only what is data in the backup or in the live file is read; a hole in both is zeros in
    /// both, so a 100 GiB disk image that holds 2 GiB is compared by reading about 2 GiB.
    /// </summary>
    public static bool HoldsRecordedContent(SafeFileHandle live, EntryMetadata recorded)
    {
        var expected = recorded.ContentHash;
        if (recorded.SparseMap is not { } regions)
        {
            using var stream = new FileStream(live, FileAccess.Read, 1 << 20);
            return expected is null || SHA256.HashData(stream).AsSpan().SequenceEqual(expected);
        }

        var size = RandomAccess.GetLength(live);
        if (size != recorded.Size)
        {
            return false;
        }

        var toRead = Merge(regions, DataRegions.Map(live, size) ?? [new SparseRegion(0, size)]);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var next = 0; // the first recorded region that does not end before the position
            foreach (var range in toRead)
            {
                for (var position = range.Offset; position < range.Offset + range.Length;)
                {
                    var read = RandomAccess.Read(live, buffer.AsSpan(0, (int)Math.Min(buffer.Length, range.Offset + range.Length - position)), position);
                    if (read == 0)
                    {
                        return false; // shorter than it was a moment ago
                    }

                    for (var chunk = buffer.AsSpan(0, read); !chunk.IsEmpty;)
                    {
                        while (next < regions.Count && regions[next].Offset + regions[next].Length <= position)
                        {
                            next++;
                        }

                        var inRegion = next < regions.Count && position >= regions[next].Offset;
                        var end = next >= regions.Count ? long.MaxValue : inRegion ? regions[next].Offset + regions[next].Length : regions[next].Offset;
                        var part = chunk[..(int)Math.Min(chunk.Length, end - position)];
                        if (inRegion)
                        {
                            hash.AppendData(part);
                        }
                        else if (part.ContainsAnyExcept((byte)0))
                        {
                            return false; // data where the backup had a hole
                        }

                        chunk = chunk[part.Length..];
                        position += part.Length;
                    }
                }
            }

            return expected is null || hash.GetHashAndReset().AsSpan().SequenceEqual(expected);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The ranges covered by either of two ordered lists of regions, in order, overlaps joined.</summary>
    private static List<SparseRegion> Merge(IReadOnlyList<SparseRegion> a, IReadOnlyList<SparseRegion> b)
    {
        var merged = new List<SparseRegion>(a.Count + b.Count);
        foreach (var region in a.Concat(b).Where(r => r.Length > 0).OrderBy(r => r.Offset))
        {
            if (merged.Count > 0 && merged[^1].Offset + merged[^1].Length >= region.Offset)
            {
                var last = merged[^1];
                merged[^1] = last with { Length = Math.Max(last.Length, region.Offset + region.Length - last.Offset) };
            }
            else
            {
                merged.Add(region);
            }
        }

        return merged;
    }
}
