namespace Cairn.Delta.Checksums;

/// <summary>
/// A rolling checksum over a window of bytes. Implemented by structs so that generic scanners are
/// specialised by the JIT per algorithm (no interface calls in the per-byte loop).
/// </summary>
internal interface IRollingSum
{
    /// <summary>Bytes currently in the window.</summary>
    int Count { get; }

    /// <summary>The 32-bit digest librsync stores in signatures.</summary>
    uint Digest { get; }

    /// <summary>Empties the window.</summary>
    void Reset();

    /// <summary>Sets the state to that of a window of <paramref name="count"/> bytes whose digest is <paramref name="digest"/>.</summary>
    void Restore(uint digest, int count);

    /// <summary>Appends <paramref name="data"/> to the window.</summary>
    void Update(ReadOnlySpan<byte> data);

    /// <summary>Slides the window one byte: removes <paramref name="outByte"/> at the front, appends <paramref name="inByte"/>.</summary>
    void Rotate(byte outByte, byte inByte);

    /// <summary>Removes <paramref name="outByte"/> from the front of the window.</summary>
    void RollOut(byte outByte);

    /// <summary>
    /// The scanner's hot loop: slides a full window starting at <paramref name="position"/> through
    /// <paramref name="buffer"/> while the index's filter says no block can have the window's weak sum.
    /// Returns the first position whose weak sum may match, or <paramref name="stop"/>
    /// (which must leave a whole window plus one byte inside <paramref name="buffer"/>).
    /// </summary>
    int RollWhileAbsent(ReadOnlySpan<byte> buffer, int position, int stop, BlockIndex index);

    /// <summary>
    /// Slides a full window starting at <paramref name="position"/> through <paramref name="buffer"/> up to
    /// <paramref name="stop"/> (exclusive, with the same bound as <see cref="RollWhileAbsent"/>) and records in
    /// <paramref name="hits"/> every position whose weak sum passes the index's filter. Returns the position
    /// below which every position was examined: <paramref name="stop"/>, or one past the hit that filled
    /// <paramref name="hits"/>. The sum's state afterwards is unspecified.
    /// </summary>
    int CollectFilterHits(ReadOnlySpan<byte> buffer, int position, int stop, BlockIndex index, FilterHits hits);
}
