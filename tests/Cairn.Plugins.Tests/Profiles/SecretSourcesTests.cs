using System.Text;
using Cairn.Hosting.Secrets;
using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Profiles;

public sealed class SecretSourcesTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly List<string> _warnings = [];

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_variable_gives_its_value_and_names_itself_as_origin()
    {
        var name = UniqueVariable();
        using var scope = new EnvironmentScope(name, "s3cret passphrase");

        var secret = SecretSources.Resolve(name, null, "Passphrase", allowPrompt: false, _warnings.Add);

        Assert.NotNull(secret);
        Assert.Equal("s3cret passphrase", secret.Text);
        Assert.Equal($"<secret from env {name}>", secret.ToString());
    }

    [Fact]
    public void An_unset_variable_without_a_terminal_names_the_variable_to_set()
    {
        var name = UniqueVariable();

        var ex = Assert.Throws<SecretUnavailableException>(() => SecretSources.Resolve(name, null, "Passphrase for home", allowPrompt: false));

        Assert.Equal($"Passphrase for home: the environment variable {name} is not set, and there is no terminal to ask on; set {name}", ex.Message);
    }

    [Fact]
    public void An_empty_variable_is_said_to_be_empty_not_unset()
    {
        var name = UniqueVariable();
        using var scope = new EnvironmentScope(name, "");

        var ex = Assert.Throws<SecretUnavailableException>(() => SecretSources.Resolve(name, null, "Passphrase for home", allowPrompt: false));

        Assert.Equal($"Passphrase for home: the environment variable {name} is empty, and there is no terminal to ask on; set {name}", ex.Message);
    }

    [Fact]
    public void A_prompt_reference_without_a_terminal_says_which_variable_to_use()
    {
        var ex = Assert.Throws<SecretUnavailableException>(() =>
            SecretSources.Require(SecretReference.Prompt, "Passphrase for home", allowPrompt: false, "CAIRN_PASSPHRASE"));

        Assert.Contains("set CAIRN_PASSPHRASE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_named_and_no_prompt_gives_null() =>
        Assert.Null(SecretSources.Resolve(null, null, "Password", allowPrompt: false));

    [Theory]
    [InlineData("pass phrase\n", "pass phrase")]
    [InlineData("pass phrase\r\nsecond line\n", "pass phrase")]
    [InlineData("no newline", "no newline")]
    [InlineData("  spaces kept  \n", "  spaces kept  ")]
    public void A_file_gives_its_first_line_without_the_line_ending(string content, string expected)
    {
        var path = PrivateFile(content);

        var secret = SecretSources.Resolve(null, path, "Passphrase", allowPrompt: false, _warnings.Add);

        Assert.Equal(expected, secret!.Text);
        Assert.Equal($"file {path}", secret.Origin);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void A_key_file_can_be_read_whole()
    {
        var path = PrivateFile("-----BEGIN PGP PRIVATE KEY BLOCK-----\nabc\n-----END PGP PRIVATE KEY BLOCK-----\n");

        var secret = SecretSources.Resolve(null, path, "Identity", allowPrompt: false, _warnings.Add, wholeFile: true);

        Assert.Equal(File.ReadAllBytes(path), secret!.Bytes.ToArray());
    }

    [Fact]
    public void A_file_others_can_read_is_used_with_a_warning()
    {
        var path = PrivateFile("pass\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var secret = SecretSources.Resolve(null, path, "Passphrase", allowPrompt: false, _warnings.Add);

        Assert.Equal("pass", secret!.Text);
        var warning = Assert.Single(_warnings);
        Assert.Contains($"chmod 600 {path}", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\r\nsecond")]
    public void An_empty_first_line_is_an_error(string content)
    {
        var path = PrivateFile(content);

        var ex = Assert.Throws<SecretUnavailableException>(() => SecretSources.Resolve(null, path, "Passphrase", allowPrompt: false));

        Assert.Contains("is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var path = _temp.Combine("nope.txt");

        var ex = Assert.Throws<SecretUnavailableException>(() => SecretSources.Resolve(null, path, "Passphrase", allowPrompt: false));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_file_is_refused()
    {
        var path = PrivateFile(new string('x', SecretSources.MaxFileBytes + 1));

        Assert.Throws<SecretUnavailableException>(() => SecretSources.Resolve(null, path, "Passphrase", allowPrompt: false));
    }

    [Fact]
    public void A_device_that_never_ends_is_refused_at_the_limit_without_a_warning()
    {
        // /dev/zero reports a size of 0 and can be read by anyone: neither told it apart from a secret file.
        var ex = Assert.Throws<SecretUnavailableException>(() => SecretSources.Resolve(null, "/dev/zero", "Passphrase", allowPrompt: false, _warnings.Add));

        Assert.Equal($"Passphrase: the secret file /dev/zero is larger than a secret file may be ({SecretSources.MaxFileBytes} bytes)", ex.Message);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Backend_secrets_come_from_name_env_and_name_file_options()
    {
        var name = UniqueVariable();
        using var scope = new EnvironmentScope(name, "pw-from-env");
        var keyFile = PrivateFile("key-from-file\n");
        var resolve = SecretSources.ForOptions(
            new Dictionary<string, string> { ["password-env"] = name, ["key-file"] = keyFile }, "sftp", allowPrompt: false);

        Assert.Equal("pw-from-env", resolve("password")!.Text);
        Assert.Equal("key-from-file", resolve("key")!.Text);
        Assert.Null(resolve("token"));
    }

    [Fact]
    public void Secret_references_print_only_names()
    {
        Assert.Equal("env CAIRN_PASSPHRASE", SecretReference.FromEnvironment("CAIRN_PASSPHRASE").ToString());
        Assert.Equal("file /k", SecretReference.FromFile("/k").ToString());
        Assert.Equal("prompt", SecretReference.Prompt.ToString());
    }

    private static string UniqueVariable() => "CAIRN_TEST_SECRET_" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    private string PrivateFile(string content)
    {
        var path = _temp.Combine(Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
