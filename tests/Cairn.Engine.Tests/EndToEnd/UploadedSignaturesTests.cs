using Cairn.Engine.Backup;
using Cairn.Engine.Tests.Support;
using Cairn.Format;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A backup writes each signature twice as it goes: to the plaintext archive the local cache keeps and to
/// the encrypted one uploaded with the set. The two must hold the same signatures, and a machine that lost
/// its cache must be able to continue the chain from the uploaded one.
/// </summary>
public sealed class UploadedSignaturesTests
{
    [Fact]
    public async Task The_uploaded_signatures_are_encrypted_and_hold_what_the_cache_holds()
    {
        using var target = new TestTarget("cairn-signatures");
        TestFiles.WriteRandom(Path.Combine(target.SourceDirectory, "big.bin"), 1, 3 << 20);
        for (var i = 0; i < 40; i++)
        {
            TestFiles.Write(Path.Combine(target.SourceDirectory, $"small/f{i:D2}"), TestFiles.Random(100 + i, 500 + (i * 300)));
        }

        var context = target.Context();
        await BackupJob.RunAsync(context, new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);

        var uploaded = Directory.GetFiles(target.StoreDirectory, "signatures.cairn", SearchOption.AllDirectories).Single();
        var cached = Directory.GetFiles(target.CacheDirectory, "signatures.cairn", SearchOption.AllDirectories).Single();
        var fromCache = ReadAll(cached, []);
        Assert.Equal(41, fromCache.Count);
        Assert.Equal(fromCache, ReadAll(uploaded, context.Identities()));
        Assert.ThrowsAny<Exception>(() => ReadAll(uploaded, []));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_machine_that_lost_its_cache_stores_an_edit_as_a_delta_against_the_uploaded_signatures(int incrementalsBefore)
    {
        using var target = new TestTarget("cairn-signatures-cold");
        var big = Path.Combine(target.SourceDirectory, "big.bin");
        TestFiles.WriteRandom(big, 2, 8 << 20);
        await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);

        // With one incremental before the cache is lost, the file's latest signature is in the incremental's archive.
        for (var i = 0; i < incrementalsBefore; i++)
        {
            Edit(big, 1 << 20, seed: 10 + i);
            var warm = await BackupJob.RunAsync(target.Context(), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
            Assert.Equal(1, warm.Summary.ChangedFiles);
        }

        Edit(big, 4 << 20, seed: 3);
        var cold = target.Context(cacheDirectory: target.NewDirectory("cold"));
        var next = await BackupJob.RunAsync(cold, new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);

        Assert.Null(next.FullReason);
        Assert.Equal(1, next.Summary.ChangedFiles);
        Assert.InRange(next.Summary.BytesStored, 1, 1 << 20);
    }

    private static void Edit(string path, long offset, int seed)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Position = offset;
        file.Write(TestFiles.Random(seed, 4096));
    }

    private static List<(string Path, string Data)> ReadAll(string archive, IReadOnlyList<Contracts.Recipients.IIdentity> identities)
    {
        using var input = File.OpenRead(archive);
        var entries = new List<(string, string)>();
        foreach (var entry in SequentialArchiveReader.Read(input, TestTarget.Algorithms, identities))
        {
            using var data = new MemoryStream();
            entry.Data.CopyTo(data);
            entries.Add((System.Text.Encoding.UTF8.GetString(entry.Metadata.Path), Convert.ToHexString(data.ToArray())));
        }

        return entries;
    }
}
