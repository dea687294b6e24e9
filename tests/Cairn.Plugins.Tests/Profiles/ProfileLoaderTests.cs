using Cairn.Hosting.Profiles;
using Cairn.Hosting.Secrets;
using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Profiles;

[Collection("environment")]
public sealed class ProfileLoaderTests : IDisposable
{
    private const string ContractProfile = """
        name: home
        source: /home/alice            # or a list
        include: ["**/Documents/**"]
        exclude: ["**/.cache", "**/*.tmp"]
        exclude-if-present: .nobackup
        target:
          backend: local
          url: file:///srv/backup/home
          options: { retries: 3, fsync: true, token-file: ./token }
        compression: { provider: zstd, level: 3 }
        encryption:
          provider: aes-256-gcm
          recipients:
            - { type: passphrase, env: CAIRN_PASSPHRASE }
            - { type: x25519, public-key: "cairn1abc", identity-file: ~/.config/cairn/x25519.key }
            - { type: openpgp, key-file: ./backup-key.asc }
        volume-size: 256MiB
        policy: { full-if-older-than: 30D, keep-full: 4 }
        plugins: { paths: [./my-plugins] }
        hooks: { before: "pg_dump app > /var/backups/app.sql", after: "curl -fsS https://hc.example.org/ping/$CAIRN_EXIT_CODE" }
        exclude-caches: true
        """;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_contract_profile_parses_with_every_value()
    {
        var profile = ProfileLoader.Parse(ContractProfile, "home.yaml", "/etc/cairn", "/etc/cairn/home.yaml", ProfileGoldenErrorTests.InstalledPlugins);

        Assert.Equal("home", profile.Name);
        Assert.Equal(["/home/alice"], profile.Sources);
        Assert.Equal(["**/Documents/**"], profile.Include);
        Assert.Equal(["**/.cache", "**/*.tmp"], profile.Exclude);
        Assert.Equal(".nobackup", profile.ExcludeIfPresent);
        Assert.True(profile.ExcludeCaches);
        Assert.Equal("local", profile.Target.Backend);
        Assert.Equal(new Uri("file:///srv/backup/home"), profile.Target.Url);
        Assert.Equal("3", profile.Target.Options["retries"]);
        Assert.Equal("true", profile.Target.Options["fsync"]);
        Assert.Equal("/etc/cairn/token", profile.Target.Options["token-file"]);
        Assert.Equal(new ProfileCompression("zstd", 3, new ProfileLocation("home.yaml", 10, 26), new ProfileLocation("home.yaml", 10, 39)), profile.Compression);
        Assert.True(profile.Encryption.IsEnabled);
        Assert.Equal("aes-256-gcm", profile.Encryption.Provider);
        Assert.Equal(["passphrase", "x25519", "openpgp"], profile.Encryption.Recipients.Select(r => r.Type));
        Assert.Equal(SecretReference.FromEnvironment("CAIRN_PASSPHRASE"), profile.Encryption.Recipients[0].Secret);
        Assert.Equal("cairn1abc", profile.Encryption.Recipients[1].Options["public-key"]);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(SecretReference.FromFile(Path.Combine(home, ".config/cairn/x25519.key")), profile.Encryption.Recipients[1].Identity);
        Assert.Null(profile.Encryption.Recipients[1].Secret);
        Assert.Equal("/etc/cairn/backup-key.asc", profile.Encryption.Recipients[2].Options["key-file"]);
        Assert.Equal(256L << 20, profile.VolumeSize);
        Assert.Equal(new ProfilePolicy(TimeSpan.FromDays(30), 4), profile.Policy);
        Assert.Equal(["/etc/cairn/my-plugins"], profile.Plugins.Paths);
        Assert.Equal(new ProfileHooks("pg_dump app > /var/backups/app.sql", "curl -fsS https://hc.example.org/ping/$CAIRN_EXIT_CODE"), profile.Hooks);
    }

    [Fact]
    public void Defaults_fill_what_a_minimal_profile_leaves_out()
    {
        var profile = ProfileLoader.Parse("""
            source: [data, ../other]
            target: { url: ./.demo-target/ }
            encryption: { recipients: [ { type: passphrase } ] }
            """, "demo.yaml", "/srv/profiles", "/srv/profiles/demo.yaml");

        Assert.Equal("demo", profile.Name);
        Assert.Equal(["/srv/profiles/data", "/srv/other"], profile.Sources);
        Assert.Null(profile.Target.Backend); // the plugin that takes file: URLs, picked when the job is built
        Assert.Null(profile.Target.BackendLocation);
        Assert.Equal("/srv/profiles/.demo-target/", profile.Target.Url.LocalPath);
        Assert.Equal("zstd", profile.Compression.Provider);
        Assert.Null(profile.Compression.Level);
        Assert.Equal("aes-256-gcm", profile.Encryption.Provider);
        Assert.Equal(SecretReference.Prompt, profile.Encryption.Recipients[0].Secret);
        Assert.Equal(ProfileDefaults.VolumeSize, profile.VolumeSize);
        Assert.Equal(ProfilePolicy.Default, profile.Policy);
        Assert.False(profile.ExcludeOtherFileSystems);
        Assert.False(profile.ExcludeCaches);
        Assert.Equal(ProfileHooks.None, profile.Hooks);
    }

    [Theory]
    [InlineData("file://./backups", "/p/backups")]
    [InlineData("file:backups", "/p/backups")]
    [InlineData("../backups", "/backups")]
    [InlineData("/srv/backups", "/srv/backups")]
    [InlineData("file:///srv/backups", "/srv/backups")]
    public void Target_paths_resolve_against_the_profile_folder(string url, string expectedPath)
    {
        Assert.Equal(expectedPath, ProfilePaths.ResolveUrl(url, "/p").LocalPath);
    }

    [Theory]
    [InlineData("file://")]
    [InlineData("FILE://")]
    [InlineData("file:")]
    public void A_file_url_without_a_path_is_an_error_not_the_root(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => ProfilePaths.ResolveUrl(url, "/p"));
        Assert.Equal($"{url} URL has no path: write file:///folder or a plain path", error.Message);

        var ex = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(
            $"source: /data\ntarget: {{ url: \"{url}\" }}\nencryption: {{ provider: none }}\n", "p.yaml", "/"));
        Assert.Equal($"p.yaml:2:16: 'url' {url} has no path: write file:///folder or a plain path", ex.Message);
    }

    [Fact]
    public void Other_schemes_leave_the_backend_to_the_plugin_that_takes_them()
    {
        var profile = ProfileLoader.Parse("""
            source: /data
            target: { url: "sftp://alice@host:2222/backups", options: { password-env: SFTP_PASSWORD } }
            encryption: { provider: none }
            """, "p.yaml", "/");

        Assert.Null(profile.Target.Backend);
        Assert.Equal(new ProfileLocation("p.yaml", 2, 16), profile.Target.UrlLocation);
        Assert.Equal("SFTP_PASSWORD", profile.Target.Options["password-env"]);
        Assert.False(profile.Encryption.IsEnabled);
        Assert.Empty(profile.Encryption.Recipients);
    }

    [Fact]
    public void Encryption_is_off_only_when_none_is_written()
    {
        const string WithoutEncryption = "source: /data\ntarget: { url: /backup }\n";
        var ex = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(WithoutEncryption, "p.yaml", "/"));
        Assert.Contains("encryption is on by default", ex.Message, StringComparison.Ordinal);

        var off = ProfileLoader.Parse(WithoutEncryption + "encryption: { provider: none }\n", "p.yaml", "/");
        Assert.False(off.Encryption.IsEnabled);
    }

    [Fact]
    public void A_profile_is_found_by_name_in_the_user_config_folder()
    {
        using var scope = new EnvironmentScope("XDG_CONFIG_HOME", _temp.Path);
        var folder = Directory.CreateDirectory(_temp.Combine("cairn", "profiles")).FullName;
        File.WriteAllText(Path.Combine(folder, "laptop.yaml"), "source: ./data\ntarget: { url: ./backups }\nencryption: { provider: none }\n");

        var profile = ProfileLoader.Load("laptop");

        Assert.Equal("laptop", profile.Name);
        Assert.Equal(Path.Combine(folder, "laptop.yaml"), profile.FilePath);
        Assert.Equal([Path.Combine(folder, "data")], profile.Sources);
        Assert.Equal(folder, ProfileFolders.User());
    }

    [Fact]
    public void A_missing_profile_name_says_where_it_looked()
    {
        using var scope = new EnvironmentScope("XDG_CONFIG_HOME", _temp.Path);

        var ex = Assert.Throws<ProfileException>(() => ProfileLoader.Load("nosuch"));

        Assert.Contains(_temp.Combine("cairn", "profiles", "nosuch.yaml"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("cairn profile init nosuch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_problems_are_all_reported_and_the_message_counts_them()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileLoader.Parse("sorce: /x\ntarget: { url: /y }\nencryption: { provider: none }\nvolume-size: huge\n", "p.yaml", "/"));

        Assert.Equal(3, ex.Errors.Count);
        Assert.Equal(("p.yaml", 1, 1), (ex.File, ex.Line, ex.Column));
        Assert.StartsWith("p.yaml:1:1: unknown key 'sorce' (did you mean 'source'?) (and 2 more", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_file_that_never_ends_is_refused_at_the_size_limit()
    {
        var ex = Assert.Throws<ProfileException>(() => ProfileLoader.LoadFile("/dev/zero"));

        Assert.Equal($"/dev/zero: the file is larger than a profile may be ({ProfileLoader.MaxProfileBytes} bytes)", ex.Message);
    }

    [Fact]
    public void Brackets_nested_past_the_limit_are_one_error_at_their_place_not_a_stack_overflow()
    {
        // 100,000 levels in 200 KB, well under the size cap: this overflowed the stack and killed the process.
        var yaml = "source: /tmp\ntarget: { url: /tmp/x }\nexclude: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var ex = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(yaml, "p.yaml", "/"));

        Assert.Equal("p.yaml:3:73: the YAML is nested deeper than 64 levels (a profile needs a few)", ex.Message);
    }

    [Fact]
    public void Nesting_up_to_the_limit_reaches_the_profile_checks()
    {
        // The top mapping is one level, so 63 brackets make 64: the limit, not past it.
        var yaml = "source: /tmp\ntarget: { url: /tmp/x }\nencryption: { provider: none }\nexclude: " + new string('[', 63) + new string(']', 63) + "\n";

        var ex = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(yaml, "p.yaml", "/"));

        Assert.DoesNotContain("nested deeper", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("p.yaml:4:", ex.Message, StringComparison.Ordinal);
    }
}
