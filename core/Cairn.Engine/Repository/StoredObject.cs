namespace Cairn.Engine.Repository;

/// <summary>An object a manifest names, with what it must look like when read back.</summary>
/// <param name="Name">The object's name inside the set folder.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Sha256">The lowercase hex SHA-256 of its bytes.</param>
public sealed record StoredObject(string Name, long Size, string Sha256);
