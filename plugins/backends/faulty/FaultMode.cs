namespace Cairn.Plugins.Faulty;

/// <summary>How the <c>faulty</c> backend misbehaves.</summary>
public enum FaultMode
{
    /// <summary>A share of calls fail (or are cut off) with transient errors; the rest pass through.</summary>
    Transient,

    /// <summary>Every call fails, as with a store that cannot be reached at all.</summary>
    Dead,
}
