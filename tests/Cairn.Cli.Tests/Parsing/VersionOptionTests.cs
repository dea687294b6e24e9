using Cairn.Testing;

namespace Cairn.Cli.Tests.Parsing;

/// <summary>`cairn --version` is what scripts, package checks and bug reports run first; it was an "unexpected option".</summary>
public sealed class VersionOptionTests
{
    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    public async Task The_version_option_prints_what_the_version_command_prints(string option)
    {
        var (code, output, error) = await CairnProcess.RunAsync([option]);
        var (versionCode, versionOutput, _) = await CairnProcess.RunAsync(["version"]);

        Assert.True(code == 0, $"exit {code}: {output} {error}");
        Assert.Equal(0, versionCode);
        Assert.Matches(@"^cairn \d+\.\d+\.\d+\n$", output.ReplaceLineEndings("\n"));
        Assert.Equal(versionOutput, output);
    }
}
