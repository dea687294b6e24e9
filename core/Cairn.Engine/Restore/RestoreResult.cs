using Cairn.Engine.Repository;

namespace Cairn.Engine.Restore;

/// <summary>The outcome of a restore.</summary>
/// <param name="Set">The set restored from.</param>
/// <param name="Entries">Entries restored (files, directories, links...).</param>
/// <param name="Bytes">Bytes of file content written.</param>
/// <param name="BytesFetched">Bytes read from the target for file data (manifests and catalogues not counted).</param>
/// <param name="Warnings">Metadata that could not be applied and entries that could not be recreated.</param>
public sealed record RestoreResult(SetName Set, long Entries, long Bytes, long BytesFetched, IReadOnlyList<string> Warnings)
{
    /// <summary>Files left as they were, already in place (<see cref="RestoreRequest.KeepIdentical"/>); not counted in <see cref="Entries"/>.</summary>
    public long Kept { get; init; }
}
