using Cairn.Cli.Tests.Support;

namespace Cairn.Cli.Tests.Archive;

/// <summary>The help of the archive commands, approved once: a change to options shows up in review.</summary>
public sealed class HelpApprovalTests
{
    [Theory]
    [InlineData("archive create")]
    [InlineData("archive extract")]
    [InlineData("archive list")]
    [InlineData("inspect")]
    public void Help_text_is_stable(string command)
    {
        var (_, output) = CliUnderTest.Run([.. command.Split(' '), "--help"]);

        Golden.Verify($"help-{command.Replace(' ', '-')}.txt", string.Join('\n', output.Split('\n').Select(l => l.TrimEnd())));
    }
}
