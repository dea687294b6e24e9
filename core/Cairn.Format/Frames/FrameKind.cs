namespace Cairn.Format;

/// <summary>What a frame carries. Values are written to archives: never renumber.</summary>
public enum FrameKind : byte
{
    /// <summary>A piece of the entry stream (entry records and file data).</summary>
    Data = 1,

    /// <summary>A piece of the index (one record per entry, for random access).</summary>
    Index = 2,
}
