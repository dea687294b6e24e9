using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary><c>--target</c> through the published <c>dist/cairn</c>: what the flag refuses before any plugin sees it.</summary>
public sealed class TargetFlagTests : IDisposable
{
    private readonly TempDirectory _work = new("cairn-target-flag-");

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData("backup")]
    [InlineData("list")]
    public async Task A_target_with_a_password_is_refused_in_one_line_that_does_not_show_it(string command)
    {
        var (code, output, error) = await CairnProcess.RunAsync(
            [command, "--target", "sftp://u:pw@127.0.0.1/x", "--source", _work.Path],
            new Dictionary<string, string> { ["CAIRN_PASSPHRASE"] = "not used" });

        Assert.Equal(2, code);
        Assert.Equal(
            "cairn: --target: the URL holds a password, which would put a secret on the command line: use a profile with url 'sftp://u@127.0.0.1/x' and "
                + "'password-env: VAR' or 'password-file: PATH' under 'target.options' instead",
            error.Trim());
        Assert.DoesNotContain("pw", output + error, StringComparison.Ordinal);
    }
}
