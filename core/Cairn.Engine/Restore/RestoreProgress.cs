namespace Cairn.Engine.Restore;

/// <summary>A snapshot of a running restore.</summary>
/// <param name="Entries">Entries restored so far.</param>
/// <param name="Bytes">Bytes of file content written so far.</param>
/// <param name="ExpectedBytes">The total size of the files to restore, from the catalogue's summary.</param>
/// <param name="CurrentPath">The path being restored.</param>
public readonly record struct RestoreProgress(long Entries, long Bytes, long? ExpectedBytes, string CurrentPath);
