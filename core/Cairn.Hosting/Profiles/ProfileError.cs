namespace Cairn.Hosting.Profiles;

/// <summary>One problem found in a profile.</summary>
/// <param name="File">The profile file as the user named it.</param>
/// <param name="Location">Where in the file, or <see langword="null"/> when the problem is the file as a whole.</param>
/// <param name="Message">What is wrong and, where possible, how to fix it. Never contains a secret.</param>
public sealed record ProfileError(string File, ProfileLocation? Location, string Message)
{
    /// <summary>Formats the problem as <c>file:line:column: message</c>.</summary>
    public override string ToString() => Location is null ? $"{File}: {Message}" : $"{Location}: {Message}";
}
