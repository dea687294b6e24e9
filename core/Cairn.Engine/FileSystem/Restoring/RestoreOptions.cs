using Cairn.Engine.FileSystem.Native;

namespace Cairn.Engine.FileSystem;

/// <summary>How a <see cref="RestoreTarget"/> recreates objects.</summary>
public sealed class RestoreOptions
{
    /// <summary>
    /// Whether to set owners (user by name first, then by numeric id, like tar). Defaults to whether the
    /// process runs as root, the only case where the system allows it.
    /// </summary>
    public bool RestoreOwnership { get; init; } = LibC.geteuid() == 0;

    /// <summary>Whether to set extended attributes and ACLs (on by default).</summary>
    public bool RestoreExtendedAttributes { get; init; } = true;

    /// <summary>
    /// Whether files are created without a name (<c>O_TMPFILE</c>) and linked into place when finished (on
    /// by default), where the target's filesystem and <c>/proc</c> allow it, which the target checks once
    /// when it opens. Off, or where they do not: under a temporary name, renamed into place.
    /// </summary>
    public bool NamelessFiles { get; init; } = true;

    /// <summary>
    /// Receives each per-object problem (metadata the system refused, devices without root, sockets).
    /// When <see langword="null"/>, the target keeps them in <see cref="RestoreTarget.Warnings"/>.
    /// </summary>
    public Action<FileSystemWarning>? OnWarning { get; init; }
}
