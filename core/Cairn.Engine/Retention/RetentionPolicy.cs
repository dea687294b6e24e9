namespace Cairn.Engine.Retention;

/// <summary>
/// Which backups to keep, with duplicity's three rules (any combination; a set is removed when any rule
/// removes it). The newest chain is always kept whole, and a set another kept set builds on is never removed.
/// </summary>
public sealed record RetentionPolicy
{
    /// <summary>
    /// Remove chains whose newest set is older than this (duplicity's <c>remove-older-than</c>); set names, not the clock,
    /// say how old a set is. <see cref="Time.TimeSpecification.Newest"/> (<c>now</c>) removes every chain but the newest.
    /// </summary>
    public DateTimeOffset? OlderThan { get; init; }

    /// <summary>Keep only the newest N chains (duplicity's <c>remove-all-but-n-full</c>).</summary>
    public int? KeepFull { get; init; }

    /// <summary>Keep the incrementals of only the newest N chains; older chains keep just their full set (<c>remove-all-inc-of-but-n-full</c>).</summary>
    public int? KeepIncrementalsOf { get; init; }

    /// <summary>True when no rule is set.</summary>
    public bool IsEmpty => OlderThan is null && KeepFull is null && KeepIncrementalsOf is null;

    /// <summary>Checks the counts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1.</exception>
    public void Validate()
    {
        if (KeepFull is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepFull), KeepFull, "keep-full must be at least 1.");
        }

        if (KeepIncrementalsOf is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepIncrementalsOf), KeepIncrementalsOf, "keep-incrementals-of must be at least 1.");
        }
    }
}
