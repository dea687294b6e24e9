namespace Cairn.Hosting.Profiles;

/// <summary>A place in a profile file, for error messages: <c>home.yaml:7:3</c>.</summary>
/// <param name="File">The file as the user named it (or a label such as <c>command line</c>).</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
public sealed record ProfileLocation(string File, int Line, int Column)
{
    /// <summary>Formats the place as <c>file:line:column</c>, the way compilers do.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
