namespace Cairn.Engine.Catalogue;

/// <summary>Where one piece of a file's stored data is: a set of the chain and a data volume of that set.</summary>
/// <param name="Set">The set's index in the chain (0 is the full set), as in <see cref="Repository.SetManifest.Chain"/>.</param>
/// <param name="Volume">The data volume (from 1) whose index holds the entry.</param>
public readonly record struct DataLocation(int Set, uint Volume);
