namespace Cairn.Engine.FileSystem;

/// <summary>What a selection rule does with the paths its pattern matches.</summary>
public enum SelectionAction
{
    /// <summary>Back the matched paths up (and traverse the directories that lead to them).</summary>
    Include,

    /// <summary>Leave the matched paths, and everything beneath a matched directory, out.</summary>
    Exclude,
}
