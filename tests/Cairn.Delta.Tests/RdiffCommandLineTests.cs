using Cairn.Testing;

namespace Cairn.Delta.Tests;

/// <summary>
/// <c>dist/cairn rdiff</c> as a shell user runs it, side by side with librsync's <c>rdiff</c>: the same files
/// and options give the same bytes, files and pipes alike, and bad input ends with one line and an exit code.
/// Byte-identical output is checked through both programs that run it: the native front and the .NET command.
/// </summary>
public sealed class RdiffCommandLineTests : IDisposable
{
    private readonly TempDirectory _dir = new("cairn-rdiff-cli");
    private readonly byte[] _basis = TestData.SemiCompressible(700_000, 11);
    private readonly byte[] _changed;

    public RdiffCommandLineTests()
    {
        _changed = TestData.Insert(TestData.Delete(_basis, 100_000, 5_000), 400_000, TestData.Random(4096, 12));
        File.WriteAllBytes(_dir.File("basis"), _basis);
        File.WriteAllBytes(_dir.File("new"), _changed);
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(false, "-b", "1024", "-S", "8")]
    [InlineData(false, "-H", "md4", "-R", "rollsum")]
    [InlineData(false, "--block-size=4096", "--sum-size", "16", "--hash", "blake2", "--rollsum=rabinkarp")]
    [InlineData(true)]
    [InlineData(true, "-H", "md4", "-R", "rollsum", "-b", "700")]
    public async Task Signature_delta_and_patch_files_match_rdiff_byte_for_byte(bool dotnetCommand, params string[] options)
    {
        var program = dotnetCommand ? CairnProcess.DotnetExecutable : CairnProcess.Executable;
        RdiffTool.Run(["signature", .. options, _dir.File("basis"), _dir.File("rdiff.sig")]);
        await CairnOk(["signature", .. options, _dir.File("basis"), _dir.File("cairn.sig")], program);
        AssertSameBytes("rdiff.sig", "cairn.sig");

        RdiffTool.Run("delta", _dir.File("rdiff.sig"), _dir.File("new"), _dir.File("rdiff.delta"));
        await CairnOk(["delta", _dir.File("cairn.sig"), _dir.File("new"), _dir.File("cairn.delta")], program);
        AssertSameBytes("rdiff.delta", "cairn.delta");

        await CairnOk(["patch", _dir.File("basis"), _dir.File("rdiff.delta"), _dir.File("cairn.out")], program);
        Assert.Equal(_changed, File.ReadAllBytes(_dir.File("cairn.out")));
    }

    [Fact]
    public async Task Options_go_before_or_after_the_command_and_a_missing_command_is_a_usage_error()
    {
        RdiffTool.Run("-b", "512", "signature", _dir.File("basis"), _dir.File("rdiff.sig"));
        await CairnOk(["-b", "512", "signature", _dir.File("basis"), _dir.File("before.sig")]);
        await CairnOk(["signature", _dir.File("basis"), _dir.File("after.sig"), "-b", "512"]);
        AssertSameBytes("rdiff.sig", "before.sig");
        AssertSameBytes("rdiff.sig", "after.sig");

        var (code, output, error) = await Cairn(["--help"]);
        Assert.Equal(0, code);
        Assert.StartsWith("Usage: cairn rdiff", System.Text.Encoding.UTF8.GetString(output), StringComparison.Ordinal);

        (code, output, error) = await Cairn(["-f"]);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("needs a command", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashes_and_absent_arguments_are_stdin_and_stdout_as_for_rdiff()
    {
        // A pipe has no size: both pick the block length for an unknown size.
        RdiffTool.Run("signature", _dir.File("basis"), _dir.File("rdiff.sig"));
        var (code, signature, error) = await Cairn(["signature"], stdin: _basis);
        Assert.True(code == 0, error);
        var rdiffPiped = RdiffTool.RunPiped(_basis, "signature");
        Assert.Equal(rdiffPiped, signature);

        (code, var delta, error) = await Cairn(["delta", _dir.File("rdiff.sig"), "-"], stdin: _changed);
        Assert.True(code == 0, error);
        RdiffTool.Run("delta", _dir.File("rdiff.sig"), _dir.File("new"), _dir.File("rdiff.delta"));
        Assert.Equal(File.ReadAllBytes(_dir.File("rdiff.delta")), delta);

        (code, var patched, error) = await Cairn(["patch", _dir.File("basis"), "-", "-"], stdin: delta);
        Assert.True(code == 0, error);
        Assert.Equal(_changed, patched);
    }

    [Fact]
    public async Task An_existing_output_is_kept_unless_forced()
    {
        File.WriteAllText(_dir.File("taken.sig"), "keep me");
        var (code, _, error) = await Cairn(["signature", _dir.File("basis"), _dir.File("taken.sig")]);

        Assert.Equal(1, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal("keep me", File.ReadAllText(_dir.File("taken.sig")));
        await CairnOk(["signature", "-f", _dir.File("basis"), _dir.File("taken.sig")]);
        Assert.NotEqual("keep me", File.ReadAllText(_dir.File("taken.sig")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Errors_are_the_runtime_messages_not_resource_keys(bool dotnetCommand)
    {
        // The native front once printed "IO_FileNotFound_FileName, /x": built without the runtime's texts.
        var program = dotnetCommand ? CairnProcess.DotnetExecutable : CairnProcess.Executable;
        var (code, _, error) = await Cairn(["signature", _dir.File("missing"), _dir.File("x.sig")], program: program);
        Assert.Equal(1, code);
        Assert.Equal($"cairn: Could not find file '{_dir.File("missing")}'.", error.Trim());

        File.WriteAllText(_dir.File("taken.sig"), "keep me");
        (code, _, error) = await Cairn(["signature", _dir.File("basis"), _dir.File("taken.sig")], program: program);
        Assert.Equal(1, code);
        Assert.Equal($"cairn: The file '{_dir.File("taken.sig")}' already exists.", error.Trim());

        (code, _, error) = await Cairn(["-S", "40", "signature", _dir.File("basis"), _dir.File("y.sig")], program: program);
        Assert.Equal(2, code);
        Assert.Equal("cairn: Strong-sum length 40 is outside 1..32 for Blake2.", error.Trim());

        (code, _, error) = await Cairn(["-b", "99999999999", "signature", _dir.File("basis"), _dir.File("y.sig")], program: program);
        Assert.Equal(2, code);
        Assert.Equal($"cairn: Option -b takes a whole number up to {int.MaxValue}, not 99999999999.", error.Trim());
    }

    [Fact]
    public async Task A_corrupt_delta_or_a_bad_option_ends_with_one_line_and_its_exit_code()
    {
        var delta = TestData.Delta(_basis, _changed);
        File.WriteAllBytes(_dir.File("cut.delta"), delta[..(delta.Length / 2)]);
        var (code, _, error) = await Cairn(["patch", _dir.File("basis"), _dir.File("cut.delta"), _dir.File("out")]);
        Assert.Equal(4, code);
        Assert.StartsWith("cairn: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));

        (code, _, error) = await Cairn(["signature", "-H", "sha1", _dir.File("basis"), _dir.File("x.sig")]);
        Assert.Equal(2, code);
        Assert.Contains("sha1", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("x.sig")));
    }

    private void AssertSameBytes(string expected, string actual) =>
        Assert.True(File.ReadAllBytes(_dir.File(expected)).AsSpan().SequenceEqual(File.ReadAllBytes(_dir.File(actual))), $"{actual} differs from {expected}");

    private static async Task CairnOk(string[] arguments, string? program = null)
    {
        var (code, _, error) = await Cairn(arguments, program: program);
        Assert.True(code == 0, $"cairn rdiff {string.Join(' ', arguments)} exited {code}: {error}");
    }

    /// <summary>Runs <c>dist/cairn rdiff ARGS</c>, feeding <paramref name="stdin"/>; returns the exit code, stdout's bytes and stderr.</summary>
    private static async Task<(int Code, byte[] Output, string Error)> Cairn(string[] arguments, byte[]? stdin = null, string? program = null)
    {
        using var process = CairnProcess.Start(["rdiff", .. arguments], executable: program);
        var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await reading;
        return (process.ExitCode, output.ToArray(), await error);
    }
}
