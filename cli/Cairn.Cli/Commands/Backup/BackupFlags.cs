namespace Cairn.Cli.Commands.Backup;

/// <summary>What the command line of <c>backup</c> or <c>run</c> asks of the backup itself.</summary>
/// <param name="Full">Start a new chain (<c>--full</c>).</param>
/// <param name="DryRun">Write nothing (<c>--dry-run</c>).</param>
/// <param name="BreakLock">Remove existing locks first (<c>--break-lock</c>).</param>
/// <param name="AllowSourceMismatch">Go on with a target whose newest backup is of another folder or host.</param>
/// <param name="AllowEmptyTarget">Go on with a target that holds none of the backups the cache knows there.</param>
internal sealed record BackupFlags(bool Full, bool DryRun, bool BreakLock, bool AllowSourceMismatch, bool AllowEmptyTarget);
