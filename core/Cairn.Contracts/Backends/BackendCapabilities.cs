namespace Cairn.Contracts.Backends;

/// <summary>Optional abilities of a store.</summary>
[Flags]
public enum BackendCapabilities
{
    /// <summary>Only the basics.</summary>
    None = 0,

    /// <summary>Ranged reads cost only the bytes asked for (otherwise the engine reads whole objects).</summary>
    RangedRead = 1,

    /// <summary><see cref="IBackend.RenameAsync"/> works.</summary>
    Rename = 2,

    /// <summary>The store verifies an upload's hash itself.</summary>
    ServerSideHash = 4,
}
