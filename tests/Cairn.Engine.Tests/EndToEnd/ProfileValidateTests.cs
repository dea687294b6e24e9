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
}
