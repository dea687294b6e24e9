using Cairn.Testing;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary><c>cairn profile validate</c> agrees with what a run would do, through the published <c>dist/cairn</c> and its plugins.</summary>
public sealed class ProfileValidateTests : IDisposable
{
    private readonly TempDirectory _work = new("cairn-profile-validate-");

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData("gzip", 15, false)]
    [InlineData("gzip", 100, false)] // beyond every compressor's levels: still the named one's words
    [InlineData("zstd", 20, false)]
    [InlineData("gzip", 9, true)]
    [InlineData("zstd", 19, true)]
    public async Task A_compression_level_is_checked_against_the_compressor_named(string compressor, int level, bool valid)
    {
        var profile = Path.Combine(_work.Path, "p.yaml");
        await File.WriteAllTextAsync(profile, $"source: {_work.Path}\ntarget: {{ url: {_work.Path}/store }}\ncompression: {{ provider: {compressor}, level: {level} }}\nencryption: {{ provider: none }}\n");

        var (code, output, error) = await CairnProcess.RunAsync(["profile", "validate", profile]);

        if (valid)
        {
            Assert.True(code == 0, $"exit {code}: {error}");
            Assert.StartsWith("OK", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(2, code);
            Assert.Contains($"'level' {level} is not one {compressor} takes", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
        }
    }

    [Fact]
    public async Task A_target_at_the_file_system_root_is_refused_at_its_line_as_a_run_refuses_it()
    {
        var profile = Path.Combine(_work.Path, "p.yaml");
        await File.WriteAllTextAsync(profile, $"source: {_work.Path}\ntarget:\n  url: \"file:///\"\nencryption: {{ provider: none }}\n");

        var (code, _, error) = await CairnProcess.RunAsync(["profile", "validate", profile]);

        Assert.Equal(2, code);
        Assert.Equal(
            $"{profile}:3:8: The local store's root cannot be the file system's root /: name a folder for the backups, such as file:///srv/backup.",
            error.Trim());
        var (runCode, _, runError) = await CairnProcess.RunAsync(["status", "--profile", profile]);
        Assert.Equal(2, runCode);
        Assert.Contains("The local store's root cannot be the file system's root /", runError, StringComparison.Ordinal);
    }
}
