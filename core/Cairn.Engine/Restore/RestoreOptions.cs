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
}
