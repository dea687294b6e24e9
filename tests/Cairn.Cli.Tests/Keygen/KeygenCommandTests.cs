using Cairn.Cli.Tests.Support;

namespace Cairn.Cli.Tests.Keygen;

public sealed class KeygenCommandTests
{
    [Fact]
    public void A_public_key_file_that_never_ends_is_a_usage_error_at_the_secret_file_limit()
    {
        // /dev/zero reports a size of 0: it was read until the process ran out of memory (exit 1 after 4 GB).
        var (exitCode, error) = CliUnderTest.RunAsTheProgram("keygen", "--public", "/dev/zero");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal("keygen --public: the secret file /dev/zero is larger than a secret file may be (65536 bytes)", error);
    }

    [Fact]
    public void A_missing_public_key_file_is_a_usage_error_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cairn-absent-{Guid.NewGuid():N}.key");

        var (exitCode, error) = CliUnderTest.RunAsTheProgram("keygen", "--public", path);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal($"keygen --public: the secret file {path} does not exist", error);
    }
}
