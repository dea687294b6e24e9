namespace Cairn.Engine.Restore;

/// <summary>What to restore, from when, and where.</summary>
public sealed record RestoreRequest
{
    /// <summary>The folder that receives the source folder's contents as they were.</summary>
    public required string TargetDirectory { get; init; }

    /// <summary>Restore the newest backup at or before this time; the newest backup by default.</summary>
    public DateTimeOffset Time { get; init; } = Engine.Time.TimeSpecification.Newest;

    /// <summary>Paths relative to the source folder to restore (each with everything beneath it); empty for the whole tree.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Restore owners (needs root); null for the default (only when running as root).</summary>
    public bool? RestoreOwnership { get; init; }

    /// <summary>
    /// Replace what the target folder already holds under a restored name. Off by default: a restore into a
    /// folder where any restored file, link or special file already exists stops before it writes anything
    /// (<see cref="RestoreConflictException"/>), since restoring into the wrong folder would otherwise put
    /// the backup's old versions in place of newer files. Existing folders are merged either way.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// Leave each file the target folder already holds with the backup's size and modification time as it is, and
    /// restore everything else over what is there (as <see cref="Overwrite"/> does). This continues a restore that
    /// was stopped: a restored file gets its name only once it is whole, so those it finished are kept and only the
    /// rest is read from the target.
    /// </summary>
    public bool KeepIdentical { get; init; }
}
