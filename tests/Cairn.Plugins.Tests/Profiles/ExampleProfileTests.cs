using Cairn.Hosting.Profiles;
using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Profiles;

/// <summary>The bundled example profile (examples/home.yaml), used by the README's first command, stays valid.</summary>
public sealed class ExampleProfileTests
{
    private static readonly string Examples = Path.Combine(RepoPaths.Root, "examples");

    [Fact]
    public void The_example_profile_is_valid_and_points_inside_examples()
    {
        var profile = ProfileLoader.LoadFile(Path.Combine(Examples, "home.yaml"), ProfileGoldenErrorTests.InstalledPlugins);

        Assert.Equal("home", profile.Name);
        Assert.Equal([Path.Combine(Examples, "data")], profile.Sources);
        Assert.Equal("local", profile.Target.Backend);
        Assert.Equal(Path.Combine(Examples, ".demo-target") + "/", profile.Target.Url.LocalPath);
        Assert.Equal(("zstd", "aes-256-gcm"), (profile.Compression.Provider, profile.Encryption.Provider));
        Assert.Equal("CAIRN_PASSPHRASE", Assert.Single(profile.Encryption.Recipients).Secret!.EnvironmentVariable);
    }

    [Fact]
    public void The_example_data_has_files_a_subfolder_and_a_symlink()
    {
        var data = Path.Combine(Examples, "data");

        Assert.True(File.Exists(Path.Combine(data, "notes", "ideas.md")));
        Assert.Equal("notes/ideas.md", new FileInfo(Path.Combine(data, "latest-ideas.md")).LinkTarget);
        Assert.True(File.Exists(Path.Combine(data, "cache", ".nobackup")));
    }
}
