namespace Cairn.Contracts.Backends;

/// <summary>One object in a store.</summary>
/// <param name="Name">The object's name relative to the store's root.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="LastModified">When it was last written, when the store says.</param>
public sealed record BackendObjectInfo(string Name, long Size, DateTimeOffset? LastModified = null);
