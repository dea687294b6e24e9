namespace Cairn.Engine.Repository;

/// <summary>A full set and the incrementals built on it, oldest first; every set in it is complete.</summary>
public sealed class BackupChain
{
    /// <summary>Creates a chain.</summary>
    public BackupChain(IReadOnlyList<BackupSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0 || sets[0].Name.Kind != SetKind.Full)
        {
            throw new ArgumentException("A chain starts with a full set.", nameof(sets));
        }

        Sets = sets;
    }

    /// <summary>The sets, the full set first.</summary>
    public IReadOnlyList<BackupSet> Sets { get; }

    /// <summary>The full set.</summary>
    public BackupSet Full => Sets[0];

    /// <summary>The newest set.</summary>
    public BackupSet Last => Sets[^1];

    /// <summary>When the chain's full backup started.</summary>
    public DateTimeOffset StartTime => Full.Name.Time;

    /// <summary>When the chain's newest set started.</summary>
    public DateTimeOffset EndTime => Last.Name.Time;
}
