namespace Cairn.Engine.Backup;

/// <summary>A folder of the backup's own making that the source holds, which the backup left out (<see cref="BackupResult.LeftOut"/>).</summary>
/// <param name="Path">Its path in the source, <c>/</c>-separated.</param>
/// <param name="What">What it is: <c>this backup's target folder</c> or <c>this target's cache</c>.</param>
public sealed record LeftOutFolder(string Path, string What);
