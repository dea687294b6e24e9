namespace Cairn.Engine.FileSystem;

/// <summary>The outcome of <see cref="SelectionRules.Evaluate"/> for one path.</summary>
public enum SelectionDecision
{
    /// <summary>The path is backed up (a directory is also descended into).</summary>
    Include,

    /// <summary>The path is left out; a directory is not descended into.</summary>
    Exclude,

    /// <summary>
    /// A directory that only leads to what an include rule names: it is descended into, and recorded
    /// only if something beneath it is selected.
    /// </summary>
    Traverse,
}
