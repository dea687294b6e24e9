using Cairn.Cli.Tests.Support;

namespace Cairn.Cli.Tests.Parsing;

public sealed class TargetFlagTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("list")]
    public void A_target_that_is_not_a_url_is_a_usage_error_that_does_not_repeat_its_password(string command)
    {
        var (exitCode, error) = CliUnderTest.RunAsTheProgram(command, "--target", "webdav://u:S3CRETPW@h:70000/x");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal("--target: 'webdav://u@h:70000/x' is neither a URL nor a path.", error);
    }
}
