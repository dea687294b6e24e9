using Cairn.Contracts.Backends;

namespace Cairn.Engine.Repository;

/// <summary>One set folder found on the target: its objects and, when complete, its manifest.</summary>
/// <param name="Name">The set's name.</param>
/// <param name="Objects">Every object in the folder.</param>
/// <param name="Manifest">
/// The manifest, or null when the set is partial (no manifest: an interrupted backup or prune), sealed
/// (see <see cref="SealedReason"/>) or damaged (see <see cref="Damage"/>).
/// </param>
public sealed record BackupSet(SetName Name, IReadOnlyList<BackendObjectInfo> Objects, SetManifest? Manifest)
{
    /// <summary>True when the manifest exists and was read.</summary>
    public bool IsComplete => Manifest is not null;

    /// <summary>
    /// Why the set cannot be read with the keys given: its manifest, present on the target, does not open
    /// (a set made before a passphrase change, read with a cold cache), or, in
    /// <see cref="RepositoryIndex.SealedSets"/>, an earlier set of its chain does not. Null otherwise.
    /// </summary>
    public string? SealedReason { get; init; }

    /// <summary>True when the set is whole but cannot be read with the keys given (see <see cref="SealedReason"/>): never partial.</summary>
    public bool IsSealed => SealedReason is not null;

    /// <summary>
    /// Why the set cannot be read although the keys given are its own: its manifest is on the target but
    /// damaged, altered, not encrypted where keys were given, or describes another set; its manifest is
    /// missing although later sets were built on it (lost, not an interrupted backup); or, in
    /// <see cref="RepositoryIndex.DamagedSets"/>, an earlier set of its chain is damaged. An
    /// <see cref="Contracts.Ciphers.AuthenticationFailedException"/> when the bytes do not authenticate
    /// (tampering), an <see cref="IOException"/> or <see cref="InvalidDataException"/> when they do not parse.
    /// Null otherwise.
    /// </summary>
    public Exception? Damage { get; init; }

    /// <summary>True when the set's manifest cannot be read, or was lost under later sets (see <see cref="Damage"/>): never partial.</summary>
    public bool IsDamaged => Damage is not null;

    /// <summary>Total bytes of the folder's objects on the target.</summary>
    public long TotalBytes => Objects.Sum(o => o.Size);

    /// <summary>
    /// True for a set without a manifest that holds its catalogue. A backup writes the catalogue just before the
    /// manifest, so such a set is more likely a complete one whose manifest was lost on the target than an
    /// interrupted one, and it is restorable again once the manifest is put back from a copy: the next backup keeps
    /// it, and only <c>cleanup --force</c> removes it.
    /// </summary>
    public bool LacksOnlyItsManifest => !IsComplete && Objects.Any(o => o.Name == TargetLayout.ObjectName(Name, TargetLayout.CatalogueFile));
}
