using Cairn.Cli.Tests.Support;

namespace Cairn.Cli.Tests.Parsing;

/// <summary>A misspelt option must stop the command: silently ignoring `--ful` would run another backup than asked.</summary>
public sealed class StrictParsingTests
{
    [Theory]
    [InlineData("backup --ful --source /nonexistent --target file:///nonexistent", "ful")]
    [InlineData("archive create -f /nonexistent/x.cairn --passphrase-evn X /nonexistent", "passphrase-evn")]
    [InlineData("restore --pth a --target file:///nonexistent /nonexistent", "pth")]
    public void An_unknown_option_is_an_error_that_names_it(string commandLine, string option)
    {
        var (exitCode, output) = CliUnderTest.Run(commandLine.Split(' '));

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"Unknown option '{option}'", output, StringComparison.Ordinal);
    }
}
