using Cairn.Cli.Tests.Support;

namespace Cairn.Cli.Tests.Parsing;

/// <summary>A number option given a bad value is refused in the user's words, without .NET's type and parameter names.</summary>
public sealed class NumberOptionTests
{
    [Theory]
    [InlineData("abc", "Failed to convert 'abc' to a whole number.")]
    [InlineData("99999999999", "Failed to convert '99999999999' to a whole number.")]
    [InlineData("0", "keep-full must be at least 1.")]
    public void A_bad_keep_full_is_one_plain_sentence(string value, string expected)
    {
        var (exitCode, error) = CliUnderTest.RunAsTheProgram("prune", "--keep-full", value, "--target", "file:///nonexistent/cairn-test-target");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void A_bad_frame_size_is_one_plain_sentence()
    {
        var (exitCode, error) = CliUnderTest.RunAsTheProgram("archive", "create", "-f", "/nonexistent/x.cairn", "--frame-size", "big", "/nonexistent");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal("Failed to convert 'big' to a whole number.", error);
    }
}
