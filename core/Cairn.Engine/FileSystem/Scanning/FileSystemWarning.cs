namespace Cairn.Engine.FileSystem;

/// <summary>A problem with one object that did not stop a scan or a restore (permission denied, vanished, unsupported).</summary>
/// <param name="Path">The path concerned, for display (invalid UTF-8 bytes shown as U+FFFD).</param>
/// <param name="Message">What went wrong and what was done about it.</param>
public sealed record FileSystemWarning(string Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {Message}";
}
