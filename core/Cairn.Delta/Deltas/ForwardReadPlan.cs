namespace Cairn.Delta;

/// <summary>
/// How <see cref="DeltaPatcher.Apply"/> reads a basis that cannot seek (a stream being decoded) front to
/// back: the ranges that COPY commands read again after the read has passed them, kept in memory on the
/// way. librsync maps every copy of a repeated block (zero pages, padding) to its first occurrence, so
/// even the delta of a simple insertion reads a few small ranges back; a moved block reads back more.
/// </summary>
public sealed class ForwardReadPlan
{
    private ForwardReadPlan(List<(long Start, long End)> retained)
    {
        Retained = retained;
        RetainedBytes = retained.Sum(r => r.End - r.Start);
    }

    /// <summary>A plan that keeps nothing: for deltas whose copies only move forward.</summary>
    public static ForwardReadPlan None { get; } = new([]);

    /// <summary>
    /// The bytes of the basis the patch keeps in memory. <see cref="DeltaPatcher.Apply"/> allocates them as
    /// the read reaches each range: a delta is untrusted input, so check this against a limit first (Cairn's
    /// restore spools the basis to a file instead past 16 MiB).
    /// </summary>
    public long RetainedBytes { get; }

    /// <summary>The ranges kept, [Start, End), ascending and disjoint.</summary>
    internal IReadOnlyList<(long Start, long End)> Retained { get; }

    /// <summary>Reads <paramref name="delta"/> to its END command and plans the front-to-back read of its basis.</summary>
    /// <exception cref="DeltaFormatException">The delta is malformed (as <see cref="DeltaPatcher.Apply"/> would report it).</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static ForwardReadPlan Scan(Stream delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        using var commands = new DeltaCommandReader(delta);
        var behind = new List<(long Start, long End)>();
        var position = 0L; // how far the read will have gone
        while (commands.Next() is { } command)
        {
            if (command.Kind == DeltaCommands.CommandKind.Literal)
            {
                commands.CopyLiteral(command, Stream.Null);
                continue;
            }

            var (start, end) = (command.First, command.First + command.Length);
            if (start < position)
            {
                behind.Add((start, Math.Min(end, position)));
            }

            position = Math.Max(position, end);
        }

        return behind.Count == 0 ? None : new ForwardReadPlan(Merge(behind));
    }

    private static List<(long Start, long End)> Merge(List<(long Start, long End)> ranges)
    {
        ranges.Sort();
        var merged = new List<(long Start, long End)> { ranges[0] };
        foreach (var (start, end) in ranges.Skip(1))
        {
            if (start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }

        return merged;
    }
}
