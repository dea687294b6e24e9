using Cairn.Engine.Backup;
using Cairn.Engine.Tests.FileSystem;
using Cairn.Engine.Tests.Support;
using Cairn.Engine.Verification;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// <c>verify --compare-data</c> finds each file of the backup in the live source by the bytes of its name, as the backup
/// read it: a name that is not UTF-8 and a path longer than PATH_MAX are compared like any other, and a file changed
/// since the backup is the one problem reported.
/// </summary>
public sealed class VerifyCompareDataTests
{
    [Fact]
    public async Task Every_file_the_backup_read_is_compared_with_the_source_whatever_its_name()
    {
        using var target = new TestTarget("cairn-verify-compare");
        var source = target.SourceDirectory;
        string segment = new('d', 250);
        Shell.Run($"head -c 5000 /dev/urandom > $'caf\\xe9.txt'; for i in $(seq 1 20); do mkdir {segment}; cd {segment}; done; head -c 7000 /dev/urandom > deep", source);
        TestFiles.Write(Path.Combine(source, "changed.txt"), TestFiles.Random(2, 3000));
        TestFiles.Write(Path.Combine(source, "same.txt"), TestFiles.Random(3, 3000));
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = source }, null, CancellationToken.None);
        TestFiles.Write(Path.Combine(source, "changed.txt"), TestFiles.Random(4, 3000));

        var result = await VerifyJob.RunAsync(target.Context(), new VerifyOptions { CompareData = true }, null, CancellationToken.None);
        Shell.Run("rm -rf -- *", source); // names .NET's recursive delete cannot reach

        Assert.Equal(4, result.FilesChecked);
        Assert.Equal(["changed.txt: differs from the source"], result.Problems);
    }

    [Fact]
    public async Task A_file_gone_from_the_source_is_named_as_the_listing_shows_it()
    {
        using var target = new TestTarget("cairn-verify-compare");
        Shell.Run("printf x > $'caf\\xe9'", target.SourceDirectory);
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
        Shell.Run("rm caf*", target.SourceDirectory);

        var result = await VerifyJob.RunAsync(target.Context(), new VerifyOptions { CompareData = true }, null, CancellationToken.None);

        Assert.StartsWith(@"caf\xe9: cannot be compared with the source (", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sparse_file_is_compared_holes_and_all()
    {
        using var target = new TestTarget("cairn-verify-sparse");
        var source = target.SourceDirectory;
        // Data at 1 MiB and at 5 MiB of an 8 MiB file; the rest are holes.
        const string MakeSparse = "truncate -s 8M {0}; head -c 4096 /dev/zero | tr '\\0' a | dd of={0} bs=4096 seek=256 conv=notrunc status=none; head -c 4096 /dev/zero | tr '\\0' b | dd of={0} bs=4096 seek=1280 conv=notrunc status=none";
        Shell.Run(string.Format(System.Globalization.CultureInfo.InvariantCulture, MakeSparse, "same") + "; " + string.Format(System.Globalization.CultureInfo.InvariantCulture, MakeSparse, "hole-filled") + "; " + string.Format(System.Globalization.CultureInfo.InvariantCulture, MakeSparse, "data-changed"), source);
        var backup = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = source }, null, CancellationToken.None);
        Assert.Equal(3 * 8192, backup.Summary.BytesRead); // only the data regions were read: the files were stored sparse

        Shell.Run("printf x | dd of=hole-filled bs=1 seek=3000000 conv=notrunc status=none; printf Z | dd of=data-changed bs=1 seek=1048600 conv=notrunc status=none", source);
        var result = await VerifyJob.RunAsync(target.Context(), new VerifyOptions { CompareData = true }, null, CancellationToken.None);

        Assert.Equal(3, result.FilesChecked);
        Assert.Equal(["data-changed: differs from the source", "hole-filled: differs from the source"], result.Problems);
    }
}
