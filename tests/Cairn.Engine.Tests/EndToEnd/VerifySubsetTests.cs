using Cairn.Engine.Backup;
using Cairn.Engine.Tests.Support;
using Cairn.Engine.Verification;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// <c>verify --subset N/T</c>: over the T parts every data volume is read whole once and every file rebuilt once, while
/// each part reads the small objects (manifests, signatures, catalogues) whole; damage is found by the part holding it.
/// </summary>
public class VerifySubsetTests
{
    [Theory]
    [InlineData("1/7", 1, 7)]
    [InlineData("7/7", 7, 7)]
    [InlineData("1/1", 1, 1)]
    public void Parts_are_read_as_N_of_T(string text, int part, int parts) =>
        Assert.Equal(new VerifySubset(part, parts), VerifySubset.Parse(text));

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("1-3")]
    [InlineData("-1/3")]
    [InlineData("1/20000")]
    public void Anything_else_is_refused_with_the_form_to_use(string text) =>
        Assert.Contains("write N/T", Assert.Throws<FormatException>(() => VerifySubset.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public async Task The_parts_cover_every_volume_and_file_once_and_find_damage_where_it_is()
    {
        using var target = new TestTarget("cairn-verify-subset");
        for (var i = 0; i < 24; i++)
        {
            TestFiles.Write(Path.Combine(target.SourceDirectory, $"f{i:D2}"), TestFiles.Random(i, 300_000));
        }

        var backup = await BackupJob.RunAsync(target.Context(volumeSize: 1 << 20), new BackupOptions { Source = target.SourceDirectory }, null, CancellationToken.None);
        var volumes = backup.Manifest!.Volumes.Count;
        Assert.True(volumes >= 6, $"{volumes} volumes");

        const int Parts = 3;
        var whole = await VerifyJob.RunAsync(target.Context(), new VerifyOptions(), null, CancellationToken.None);
        var parts = new List<VerifyResult>();
        for (var part = 1; part <= Parts; part++)
        {
            parts.Add(await VerifyJob.RunAsync(target.Context(), new VerifyOptions { Subset = new VerifySubset(part, Parts) }, null, CancellationToken.None));
        }

        Assert.True(whole.IsOk && parts.All(p => p.IsOk));
        Assert.Equal(24, whole.FilesChecked);
        Assert.Equal(whole.FilesChecked, parts.Sum(p => p.FilesChecked));
        const int SmallObjects = 3; // the manifest, the signatures and the catalogue, read by every part
        Assert.Equal(whole.ObjectsChecked - SmallObjects, parts.Sum(p => p.ObjectsChecked - SmallObjects));
        Assert.Equal(volumes, parts.Sum(p => p.ObjectsChecked - SmallObjects));
        Assert.True(parts.Count(p => p.ObjectsChecked > SmallObjects) >= 2, "the volumes are spread over the parts");

        // A flipped byte in one volume: the part that holds it reads it whole and says which.
        var damaged = backup.Manifest.Volumes[^1];
        var damagedName = $"{backup.Set}/{damaged.Name}";
        var path = Path.Combine(target.StoreDirectory, backup.Set.ToString(), damaged.Name);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var holder = Enumerable.Range(1, Parts).Single(part => new VerifySubset(part, Parts).Holds(damagedName));
        var found = await VerifyJob.RunAsync(target.Context(), new VerifyOptions { Subset = new VerifySubset(holder, Parts) }, null, CancellationToken.None);
        Assert.Contains(found.Problems, p => p.StartsWith(damagedName, StringComparison.Ordinal));
    }
}
