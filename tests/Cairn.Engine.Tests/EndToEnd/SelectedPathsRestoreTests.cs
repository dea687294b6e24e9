using Cairn.Engine.Backup;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.FileSystem;
using Cairn.Engine.Tests.Support;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A restore of a few paths stops reading the catalogue once it is past all of them (catalogue order): it must
/// still restore every selected entry, hard links whose first name lies elsewhere, and name what is missing.
/// </summary>
public class SelectedPathsRestoreTests
{
    [Fact]
    public async Task Only_the_selected_subtrees_are_restored_whole_with_a_hard_link_to_an_unselected_file()
    {
        using var target = new TestTarget("cairn-selected");
        var src = target.SourceDirectory;
        foreach (var file in new[] { "a/x", "a/y/z", "a-b", "b/y", "c/1", "d" })
        {
            TestFiles.Write(Path.Combine(src, file), TestFiles.Random(file.Length, 3_000));
        }

        File.CreateSymbolicLink(Path.Combine(src, "c/link-to-d"), "../d");
        Shell.Run("ln b/y c/hard", src);
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = src }, null, CancellationToken.None);

        var restored = target.NewDirectory("restored");
        var result = await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored, Paths = ["a", "c"] }, null, CancellationToken.None);

        var files = Directory.EnumerateFileSystemEntries(restored, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(restored, p)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["a", "a/x", "a/y", "a/y/z", "c", "c/1", "c/hard", "c/link-to-d"], files);
        Assert.Equal(File.ReadAllBytes(Path.Combine(src, "b/y")), File.ReadAllBytes(Path.Combine(restored, "c/hard")));
        Assert.Equal(9, result.Entries); // the root and the eight above
    }

    [Fact]
    public async Task A_name_that_is_not_utf8_is_asked_for_as_the_listing_shows_it()
    {
        using var target = new TestTarget("cairn-selected-bytes");
        Shell.Run("mkdir d; printf latin1 > d/$'caf\\xe9.txt'; printf other > d/other", target.SourceDirectory);
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);

        var restored = target.NewDirectory("restored");
        var result = await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored, Paths = [@"d/caf\xe9.txt"] }, null, CancellationToken.None);

        Assert.Equal(3, result.Entries); // the root, d and the file
        Assert.Equal("latin1", Shell.Run("cat d/$'caf\\xe9.txt'", restored));
        Assert.Equal("1", Shell.Run("ls d | wc -l | tr -d ' \\n'", restored));
        Shell.Run("rm -rf d", restored);
        Shell.Run("rm -rf d", target.SourceDirectory); // names .NET's recursive delete cannot reach
    }

    [Theory]
    [InlineData(@"C:\\new\\tab.txt")] // as list shows it
    [InlineData(@"C:\new\tab.txt")]     // as typed, with the backslashes the name has
    public async Task A_name_with_backslashes_is_found_as_listed_or_as_typed(string asked)
    {
        using var target = new TestTarget("cairn-selected-backslash");
        TestFiles.Write(Path.Combine(target.SourceDirectory, @"C:\new\tab.txt"), TestFiles.Random(1, 100));
        TestFiles.Write(Path.Combine(target.SourceDirectory, "other"), TestFiles.Random(2, 100));
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);

        var restored = target.NewDirectory("restored");
        await RestoreJob.RunAsync(target.Context(), new RestoreRequest { TargetDirectory = restored, Paths = [asked] }, null, CancellationToken.None);

        Assert.Equal([@"C:\new\tab.txt"], Directory.GetFileSystemEntries(restored).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("0-before-everything")]
    [InlineData("b/missing")]
    [InlineData("zz-after-everything")]
    public async Task A_requested_path_that_is_not_in_the_backup_is_named_wherever_it_sorts(string missing)
    {
        using var target = new TestTarget("cairn-selected-missing");
        TestFiles.Write(Path.Combine(target.SourceDirectory, "a/x"), TestFiles.Random(1, 3_000));
        TestFiles.Write(Path.Combine(target.SourceDirectory, "b/y"), TestFiles.Random(2, 3_000));
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);

        var restored = Path.Combine(target.Temp.Path, "restored");
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => RestoreJob.RunAsync(
            target.Context(), new RestoreRequest { TargetDirectory = restored, Paths = ["a", missing] }, null, CancellationToken.None));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(restored), "a restore of a path the backup lacks writes nothing, not even its folder");
    }
}
