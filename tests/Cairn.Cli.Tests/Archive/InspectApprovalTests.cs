using Cairn.Cli.Commands.Inspect;
using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Compression;
using Cairn.Format;

namespace Cairn.Cli.Tests.Archive;

/// <summary>The output of <c>cairn inspect</c> on the checked-in test vectors, approved once.</summary>
public sealed class InspectApprovalTests
{
    private static readonly IArchiveAlgorithms NoPlugins = new ArchiveAlgorithms(Array.Empty<ICompressorProvider>(), Array.Empty<ICipherProvider>());

    [Fact]
    public void Inspect_shows_the_public_structure_of_an_encrypted_volume()
    {
        using var volume = File.OpenRead(Golden.RepositoryFile("format-spec/vectors/basic.cairn"));

        var report = InspectReport.Read(volume, "basic.cairn", NoPlugins, identities: null);

        Golden.Verify("inspect-basic.txt", report.ToText());
    }

    [Fact]
    public void Inspect_json_lists_every_frame()
    {
        using var volume = File.OpenRead(Golden.RepositoryFile("format-spec/vectors/many-entries.cairn"));

        var report = InspectReport.Read(volume, "many-entries.cairn", NoPlugins, identities: null);

        Golden.Verify("inspect-many-entries.json", report.ToJson());
    }

    [Fact]
    public void Inspect_of_a_volume_of_a_set_says_more_volumes_follow()
    {
        using var volume = File.OpenRead(Golden.RepositoryFile("format-spec/vectors/set.2.cairn"));

        var text = InspectReport.Read(volume, "set.2.cairn", NoPlugins, identities: null).ToText();

        Assert.Contains("volume number   2 (more volumes follow)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_of_a_damaged_volume_is_a_format_error()
    {
        using var volume = File.OpenRead(Golden.RepositoryFile("format-spec/vectors/truncated-trailer.cairn"));

        Assert.Throws<ArchiveFormatException>(() => InspectReport.Read(volume, "x", NoPlugins, identities: null));
    }
}
