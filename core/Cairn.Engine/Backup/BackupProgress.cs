namespace Cairn.Engine.Backup;

/// <summary>A snapshot of a running backup, for progress displays.</summary>
/// <param name="FilesSeen">Entries scanned so far.</param>
/// <param name="BytesSeen">Sizes of the files scanned so far (read or found unchanged).</param>
/// <param name="BytesRead">Bytes read from the source so far.</param>
/// <param name="BytesStored">Bytes of volumes finished so far.</param>
/// <param name="ExpectedBytes">The source size the parent set recorded, as an estimate of the total; null for a first backup.</param>
/// <param name="CurrentPath">The path being processed.</param>
public readonly record struct BackupProgress(long FilesSeen, long BytesSeen, long BytesRead, long BytesStored, long? ExpectedBytes, string CurrentPath);
