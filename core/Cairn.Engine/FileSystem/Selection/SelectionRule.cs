namespace Cairn.Engine.FileSystem;

/// <summary>One include or exclude rule; see <see cref="SelectionRules"/> for the pattern syntax.</summary>
/// <param name="Action">Whether the rule includes or excludes what it matches.</param>
/// <param name="Pattern">A glob relative to the source root, or an absolute glob under it.</param>
public readonly record struct SelectionRule(SelectionAction Action, string Pattern)
{
    /// <summary>An include rule.</summary>
    /// <param name="pattern">The glob.</param>
    /// <returns>The rule.</returns>
    public static SelectionRule Include(string pattern) => new(SelectionAction.Include, pattern);

    /// <summary>An exclude rule.</summary>
    /// <param name="pattern">The glob.</param>
    /// <returns>The rule.</returns>
    public static SelectionRule Exclude(string pattern) => new(SelectionAction.Exclude, pattern);
}
