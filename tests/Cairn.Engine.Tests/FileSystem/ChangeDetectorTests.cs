using System.Text;
using Cairn.Engine.FileSystem;

namespace Cairn.Engine.Tests.FileSystem;

public sealed class ChangeDetectorTests : IDisposable
{
    private readonly TempDirectory _tree = new("cairn-changes-");

    public void Dispose() => _tree.Dispose();

    private ScannedEntry Scan(string name) =>
        new TreeScanner(_tree.Path).Scan().Single(e => Encoding.UTF8.GetString(e.Metadata.Path) == name);

    [Fact]
    public void An_untouched_file_is_unchanged_and_each_kind_of_change_is_seen()
    {
        Shell.Run("echo one > f; touch -d '2021-01-01 00:00:00 UTC' f; mkdir d", _tree.Path);
        var record = FileRecord.From(Scan("f"), contentHash: null);
        Assert.Equal(FileChanges.None, ChangeDetector.Default.Compare(record, Scan("f")));
        Assert.False(ChangeDetector.Default.MayHaveChanged(record, Scan("f")));
        Assert.Equal(FileChanges.New, ChangeDetector.Default.Compare(null, Scan("f")));
        Assert.Equal(FileChanges.NotAFile, ChangeDetector.Default.Compare(record, Scan("d")));

        // Same size and an mtime put back: only the change time betrays the edit.
        Shell.Run("echo two > f; touch -d '2021-01-01 00:00:00 UTC' f", _tree.Path);
        Assert.Equal(FileChanges.ChangeTime, ChangeDetector.Default.Compare(record, Scan("f")));
        Assert.Equal(FileChanges.None, new ChangeDetector(ignoreChangeTime: true).Compare(record, Scan("f")));

        // Replaced by a rename: a new inode (and a new ctime, size and mtime here).
        record = FileRecord.From(Scan("f"), null);
        Shell.Run("echo longer > g; mv g f", _tree.Path);
        var changes = ChangeDetector.Default.Compare(record, Scan("f"));
        Assert.Equal(FileChanges.Inode | FileChanges.Size | FileChanges.ModificationTime | FileChanges.ChangeTime, changes);
        Assert.Equal(FileChanges.Size | FileChanges.ModificationTime | FileChanges.ChangeTime, new ChangeDetector(ignoreInode: true).Compare(record, Scan("f")));
    }
}
