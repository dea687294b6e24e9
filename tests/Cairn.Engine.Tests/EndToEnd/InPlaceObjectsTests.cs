using Cairn.Contracts.Backends;
using Cairn.Engine.Backup;
using Cairn.Engine.Repository;
using Cairn.Engine.Restore;
using Cairn.Engine.Tests.Support;
using Cairn.Testing;
using Cairn.Testing.Backends;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// A local target's volumes, signatures and catalogue are written straight into it (<see cref="IBackend.OpenObjectWriter"/>)
/// instead of being staged in the cache and copied: they restore and verify as staged ones do, only the manifest is uploaded
/// from memory, and a backup that fails leaves no half-written object in the target.
/// </summary>
public sealed class InPlaceObjectsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);

    private readonly TestTarget _target = new("cairn-in-place");

    public InPlaceObjectsTests()
    {
        for (var i = 0; i < 6; i++)
        {
            TestFiles.WriteRandom(Path.Combine(_target.SourceDirectory, $"f{i}.bin"), i, 700_000);
        }
    }

    public void Dispose() => _target.Dispose();

    private string[] PartialFilesInStore() =>
        [.. Directory.EnumerateFiles(_target.StoreDirectory, BackendNames.PartialUploadPrefix + "*", SearchOption.AllDirectories)];

    [Fact]
    public async Task The_objects_of_a_local_target_are_written_in_place_and_restore()
    {
        var context = _target.Context(volumeSize: 1 << 20);
        var result = await BackupJob.RunAsync(context, new BackupOptions { Source = _target.SourceDirectory, Time = T0 }, null, CancellationToken.None);

        var manifest = result.Manifest!;
        Assert.True(manifest.Volumes.Count >= 3, $"the backup wrote {manifest.Volumes.Count} volumes");
        var placed = manifest.Volumes.Append(manifest.Signatures).Append(manifest.Catalogue).ToList();
        Assert.Equal(
            placed.Select(o => TargetLayout.ObjectName(manifest.Name, o.Name)).Order(StringComparer.Ordinal),
            _target.Backend.WrittenInPlace.Order(StringComparer.Ordinal));
        Assert.Equal([TargetLayout.ObjectName(manifest.Name, TargetLayout.ManifestFile)], _target.Backend.Written.Where(name => name.StartsWith(manifest.Name.Prefix, StringComparison.Ordinal)));

        foreach (var stored in placed)
        {
            var file = Path.Combine(_target.StoreDirectory, manifest.Name.ToString(), stored.Name);
            Assert.Equal(stored.Size, new FileInfo(file).Length);
            Assert.Equal(stored.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));
        }

        Assert.Empty(PartialFilesInStore());
        var restored = _target.NewDirectory("restored");
        await RestoreJob.RunAsync(_target.Context(cacheDirectory: _target.NewDirectory("cold-cache")), new RestoreRequest { TargetDirectory = restored }, null, CancellationToken.None);
        TreeSnapshot.AssertEqual(TreeSnapshot.Capture(_target.SourceDirectory), TreeSnapshot.Capture(restored), "restore of objects written in place");
    }

    [Theory]
    [InlineData(1)] // the signatures, opened first and committed at the end
    [InlineData(2)] // the first volume
    public async Task A_backup_that_fails_leaves_no_half_written_object_in_the_target(int failAtCommit)
    {
        var failing = new CommitFailingBackend(_target.Backend, failAtCommit);
        var context = _target.Context(volumeSize: 1 << 20) with { Backend = failing };

        var error = await Assert.ThrowsAsync<BackendException>(() =>
            BackupJob.RunAsync(context, new BackupOptions { Source = _target.SourceDirectory, Time = T0 }, null, CancellationToken.None));

        Assert.Contains("commit refused", error.Message, StringComparison.Ordinal);
        Assert.True(failing.Opened >= failAtCommit, $"{failing.Opened} objects were started");
        Assert.Empty(PartialFilesInStore());
    }

    /// <summary>Passes everything on, but the <c>failAtCommit</c>-th in-place write fails when committed.</summary>
    private sealed class CommitFailingBackend(IBackend inner, int failAtCommit) : DelegatingBackend(inner)
    {
        private int _opened;

        public int Opened => _opened;

        public override IObjectWriter? OpenObjectWriter(string name)
        {
            var writer = base.OpenObjectWriter(name)!;
            return Interlocked.Increment(ref _opened) == failAtCommit ? new RefusingCommit(writer) : writer;
        }

        private sealed class RefusingCommit(IObjectWriter inner) : IObjectWriter
        {
            public Stream Content => inner.Content;

            public Task CommitAsync(CancellationToken cancellationToken = default) =>
                throw new BackendException("commit refused by the test", isTransient: false);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
