using Cairn.Hosting.Profiles;
using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Profiles;

public sealed class ProfileRenderingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_effective_profile_is_itself_a_valid_profile_with_the_same_values()
    {
        var original = ProfileLoader.Parse("""
            source: [./data, /etc]
            include: ["**/Documents/**"]
            exclude: ["**/.cache"]
            exclude-if-present: .nobackup
            exclude-other-filesystems: yes
            exclude-caches: yes
            target: { url: ./target, options: { retries: 3, token-file: ./token } }
            compression: { provider: gzip, level: 6 }
            encryption:
              provider: chacha20-poly1305
              recipients:
                - { type: passphrase, file: ./passphrase.txt, argon2-iterations: 2 }
                - { type: x25519, public-key: cairn1abc, identity-env: CAIRN_X25519_KEY }
            volume-size: 64MiB
            policy: { full-if-older-than: 2W, keep-full: 3 }
            plugins: { paths: [./plugins] }
            hooks: { after: "echo done: $CAIRN_EXIT_CODE", timeout: 2h }
            """, "p.yaml", "/srv/p", "/srv/p/p.yaml");

        var rendered = ProfileYaml.Render(original);
        var reparsed = ProfileLoader.Parse(rendered, "shown.yaml", "/elsewhere", "/srv/p/p.yaml");

        Assert.Equal(original.Name, reparsed.Name);
        Assert.Equal(original.Sources, reparsed.Sources);
        Assert.Equal(original.Include, reparsed.Include);
        Assert.Equal(original.Exclude, reparsed.Exclude);
        Assert.Equal(original.ExcludeIfPresent, reparsed.ExcludeIfPresent);
        Assert.True(reparsed.ExcludeOtherFileSystems);
        Assert.True(reparsed.ExcludeCaches);
        Assert.Equal(original.Target.Url, reparsed.Target.Url);
        Assert.Equal(original.Target.Options, reparsed.Target.Options);
        Assert.Equal((original.Compression.Provider, original.Compression.Level), (reparsed.Compression.Provider, reparsed.Compression.Level));
        Assert.Equal(original.Encryption.Provider, reparsed.Encryption.Provider);
        Assert.Equal(
            original.Encryption.Recipients.Select(r => (r.Type, r.Secret, r.Identity, string.Join(",", r.Options))),
            reparsed.Encryption.Recipients.Select(r => (r.Type, r.Secret, r.Identity, string.Join(",", r.Options))));
        Assert.Equal(original.VolumeSize, reparsed.VolumeSize);
        Assert.Equal(original.Policy, reparsed.Policy);
        Assert.Equal(original.Plugins.Paths, reparsed.Plugins.Paths);
        Assert.Equal(new ProfileHooks(null, "echo done: $CAIRN_EXIT_CODE", TimeSpan.FromHours(2)), reparsed.Hooks);
    }

    [Fact]
    public void The_effective_profile_names_secret_sources_only()
    {
        var profile = ProfileLoader.Parse("""
            source: /data
            target: { url: /backup }
            encryption:
              recipients:
                - { type: passphrase }
                - { type: x25519, public-key: cairn1abc, identity-file: /keys/x.key }
            """, "p.yaml", "/");

        var rendered = ProfileYaml.Render(profile);

        Assert.Contains("#   passphrase recipient: secret from a prompt on the terminal", rendered, StringComparison.Ordinal);
        Assert.Contains("#   x25519 recipient: private key from the file /keys/x.key", rendered, StringComparison.Ordinal);
        Assert.Contains("volume-size: 64MiB", rendered, StringComparison.Ordinal);
        Assert.Contains("provider: aes-256-gcm", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unencrypted_profile_says_so_in_its_effective_form()
    {
        var profile = ProfileLoader.Parse("source: /data\ntarget: { url: /backup }\nencryption: { provider: none }\n", "p.yaml", "/");

        var rendered = ProfileYaml.Render(profile);

        Assert.Contains("Encryption is OFF", rendered, StringComparison.Ordinal);
        Assert.Equal("none", ProfileLoader.Parse(rendered, "again.yaml", "/").Encryption.Provider);
    }

    [Fact]
    public void The_starter_profile_is_valid_as_written()
    {
        var path = _temp.Combine("laptop.yaml");
        File.WriteAllText(path, StarterProfile.Render("laptop"));

        var profile = ProfileLoader.LoadFile(path, ProfileGoldenErrorTests.InstalledPlugins);

        Assert.Equal("laptop", profile.Name);
        Assert.Equal(new Uri("file:///var/backups/cairn/laptop"), profile.Target.Url);
        Assert.Equal("passphrase", Assert.Single(profile.Encryption.Recipients).Type);
        Assert.Equal(TimeSpan.FromDays(30), profile.Policy.FullIfOlderThan);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData("-dash")]
    public void Starter_profiles_refuse_names_that_are_not_plain_file_names(string name)
    {
        Assert.False(StarterProfile.IsValidName(name));
        Assert.Throws<ArgumentException>(() => StarterProfile.Render(name));
    }
}
