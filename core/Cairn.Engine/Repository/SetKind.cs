namespace Cairn.Engine.Repository;

/// <summary>Whether a backup set stands alone or builds on the set before it.</summary>
public enum SetKind
{
    /// <summary>A full set: a snapshot of every selected file; starts a chain.</summary>
    Full,

    /// <summary>An incremental set: deltas, new files and deletions relative to its parent set.</summary>
    Incremental,
}
