namespace Cairn.Engine.Verification;

/// <summary>What <c>verify</c> checks.</summary>
public sealed record VerifyOptions
{
    /// <summary>The backup whose files are rebuilt and checked (the newest at or before this time).</summary>
    public DateTimeOffset Time { get; init; } = Engine.Time.TimeSpecification.Newest;

    /// <summary>Also compare every file with the live source.</summary>
    public bool CompareData { get; init; }

    /// <summary>The live source folder for <see cref="CompareData"/>; the one the manifest records when null.</summary>
    public string? Source { get; init; }

    /// <summary>
    /// Check only this part of the data volumes and of the files rebuilt (manifests, catalogues and signatures are
    /// always checked whole); everything when null.
    /// </summary>
    public VerifySubset? Subset { get; init; }
}
