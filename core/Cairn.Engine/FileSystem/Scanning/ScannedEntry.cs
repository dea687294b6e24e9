using Cairn.Engine.FileSystem.Native;
using Cairn.Format.Entries;

namespace Cairn.Engine.FileSystem;

/// <summary>One selected object found by <see cref="TreeScanner"/>.</summary>
/// <param name="FullPath">The absolute path for display and messages (escaped as listings show it: <see cref="PathDisplay"/>; use <see cref="FullPathBytes"/> or <see cref="OpenRead"/> for I/O).</param>
/// <param name="FullPathBytes">The absolute path as raw bytes.</param>
/// <param name="Metadata">The object's metadata; <see cref="EntryMetadata.Path"/> is relative to the scan root (empty for the root itself).</param>
/// <param name="Device">The <c>st_dev</c> of the filesystem holding the object.</param>
/// <param name="Inode">The inode number.</param>
public sealed record ScannedEntry(string FullPath, byte[] FullPathBytes, EntryMetadata Metadata, long Device, long Inode)
{
    /// <summary>Opens the whole file for reading (holes read as zeros), without following a symlink.</summary>
    /// <returns>A read-only, seekable stream.</returns>
    /// <exception cref="IOException">The file cannot be opened (for example it vanished or became a symlink).</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public Stream OpenRead() => new FileStream(NativeFile.OpenRead(FullPathBytes), FileAccess.Read, bufferSize: 0);

    /// <summary>
    /// Opens the content to archive: the whole file when <see cref="EntryMetadata.SparseMap"/> is
    /// <see langword="null"/>, otherwise only the data regions, one after the other (their total length;
    /// holes are not read). <see cref="RestoreTarget.CreateFile"/> takes the same form back.
    /// </summary>
    /// <returns>A read-only, forward-only stream.</returns>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public Stream OpenContent() => Metadata.SparseMap is { } regions
        ? new SparseContentStream(NativeFile.OpenRead(FullPathBytes), regions)
        : new FileContentStream(NativeFile.OpenRead(FullPathBytes), Metadata.Size);
}
