namespace Cairn.Format.Entries;

/// <summary>What an entry's data means. Values are written to archives: never renumber.</summary>
public enum EntryContentKind : byte
{
    /// <summary>The whole content of the file (or no data, for non-files).</summary>
    Snapshot = 1,

    /// <summary>An rsync delta (librsync format) against the same path's content in the previous set.</summary>
    Delta = 2,

    /// <summary>The path existed in the previous set and is gone now; no data.</summary>
    Deleted = 3,

    /// <summary>A librsync signature of the path's content, for the next incremental.</summary>
    Signature = 4,
}
