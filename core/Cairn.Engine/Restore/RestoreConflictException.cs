namespace Cairn.Engine.Restore;

/// <summary>
/// A restore would replace files the target folder already holds, and was not asked to
/// (<see cref="RestoreRequest.Overwrite"/>). Nothing was written.
/// </summary>
public sealed class RestoreConflictException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="targetDirectory">The folder restored into.</param>
    /// <param name="count">How many restored names already exist there.</param>
    /// <param name="first">The first of them, relative to the folder.</param>
    public RestoreConflictException(string targetDirectory, int count, string first)
        : base(count == 1
            ? $"'{first}' already exists in {targetDirectory}, and a restore does not replace it unless asked: pass --overwrite to put the backup's version in its place, or restore into an empty folder."
            : $"{count} of the names to restore already exist in {targetDirectory} (the first: '{first}'), and a restore does not replace them unless asked: pass --overwrite to put the backup's versions in their place, --keep-identical to keep the files a stopped restore finished and restore the rest, or restore into an empty folder.")
    {
        TargetDirectory = targetDirectory;
        Count = count;
        First = first;
    }

    /// <summary>The folder restored into.</summary>
    public string TargetDirectory { get; }

    /// <summary>How many restored names already exist there.</summary>
    public int Count { get; }

    /// <summary>The first of them, relative to the folder.</summary>
    public string First { get; }
}
