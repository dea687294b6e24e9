using Cairn.Contracts.Backends;

namespace Cairn.Cli.Tests.Errors;

/// <summary>How the program reports what a backend refused: one line, and an exit code that says whose fault it is.</summary>
public sealed class BackendErrorTests
{
    [Fact]
    public void A_target_that_names_a_file_is_a_usage_error_not_a_failed_store()
    {
        var (code, message) = CliRunner.Describe(new BackendRootNotAFolderException("sftp://me@backup.example.org:22/srv/cairn.tar"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("The target sftp://me@backup.example.org:22/srv/cairn.tar names a file, not a folder: give the folder that holds the backups (or is to hold them).", message);
    }

    [Fact]
    public void Other_backend_errors_stay_backend_failures()
    {
        Assert.Equal(ExitCodes.BackendFailed, CliRunner.Describe(new BackendException("I/O error on locks/x.json")).Code);
        Assert.Equal(ExitCodes.BackendFailed, CliRunner.Describe(new BackendNotFoundException("locks/x.json")).Code);
    }
}
