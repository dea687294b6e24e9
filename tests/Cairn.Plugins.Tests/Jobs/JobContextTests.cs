using System.Security.Cryptography;
using Cairn.Contracts.Backends;
using Cairn.Contracts.Recipients;
using Cairn.Hosting.Backends;
using Cairn.Hosting.Jobs;
using Cairn.Hosting.Plugins;
using Cairn.Hosting.Profiles;
using Cairn.Hosting.Secrets;
using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Jobs;

public sealed class JobContextTests(JobPluginsFixture plugins) : IClassFixture<JobPluginsFixture>, IDisposable
{
    // Cheap Argon2 parameters keep the passphrase tests fast; the derivation is the real one.
    private const string CheapArgon2 = "argon2-memory-kib: 1024, argon2-iterations: 1";

    private readonly TempDirectory _temp = new();
    private readonly string _passphraseVariable = "CAIRN_TEST_PASSPHRASE_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_profile_with_the_local_backend_opens_and_round_trips_an_object()
    {
        var profile = WriteAndLoad($$"""
            source: ./data
            target: { backend: local, url: ./target/ }
            compression: { provider: zstd, level: 3 }
            encryption:
              provider: aes-256-gcm
              recipients: [ { type: passphrase, env: {{_passphraseVariable}}, {{CheapArgon2}} } ]
            """);
        await using var job = JobContext.FromProfile(profile, Catalog(), interactive: false, Options());

        // In the host's retry layer, which keeps the local backend's interrupted uploads visible to cleanup.
        Assert.StartsWith(typeof(ResilientBackend).FullName!, job.Backend.GetType().FullName, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IPartialUploads>(job.Backend);
        var content = RandomNumberGenerator.GetBytes(100_000);
        await job.Backend.WriteAsync("sets/object.bin", new MemoryStream(content));
        await using (var read = await job.Backend.OpenReadAsync("sets/object.bin"))
        {
            var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }

        Assert.True(File.Exists(_temp.Combine("target", "sets", "object.bin")));
        Assert.Equal("zstd", job.Compressor.Id);
        Assert.Equal(3, job.CompressionLevel);
        Assert.Equal("aes-256-gcm", job.Cipher!.Id);
        Assert.StartsWith(_temp.Combine("cache"), job.CacheDirectory, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cache_folder_is_made_private_and_an_open_one_is_closed()
    {
        var profile = WriteAndLoad("""
            source: ./data
            target: { url: ./target }
            encryption: { provider: none }
            """);
        string cacheDirectory;
        await using (var job = JobContext.FromProfile(profile, Catalog(), interactive: false, Options()))
        {
            cacheDirectory = job.CacheDirectory;
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cacheDirectory));
        }

        // A cache made before Cairn made them private, or by hand: group and others lose their access.
        File.SetUnixFileMode(cacheDirectory, (UnixFileMode)0b111_101_101);
        await using (JobContext.FromProfile(profile, Catalog(), interactive: false, Options()))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cacheDirectory));
        }

        // A cache root that cannot hold folders (here a file) stops the job in one sentence that says what to do.
        File.WriteAllText(_temp.Combine("not-a-folder"), "");
        var error = Assert.Throws<CacheUnavailableException>(() =>
            JobContext.FromProfile(profile, Catalog(), interactive: false, Options() with { CacheRoot = _temp.Combine("not-a-folder") }));
        Assert.StartsWith($"The cache folder {_temp.Combine("not-a-folder")}/", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("give a folder this user can write with --cache-dir, or set XDG_CACHE_HOME.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recipients_wrap_what_the_identities_unwrap_with_the_same_passphrase()
    {
        var profile = WriteAndLoad($$"""
            source: ./data
            target: { url: ./target }
            encryption:
              recipients: [ { type: passphrase, env: {{_passphraseVariable}}, {{CheapArgon2}} } ]
            """);
        using var scope = new Profiles.EnvironmentScope(_passphraseVariable, "correct horse");
        await using var job = JobContext.FromProfile(profile, Catalog(), interactive: false, Options());

        var archiveKey = RandomNumberGenerator.GetBytes(32);
        var stanza = Assert.Single(job.Encryption!.Recipients).Wrap(archiveKey);
        var unwrapped = new byte[32];

        Assert.True(Assert.Single(job.Identities()).TryUnwrap(stanza, unwrapped));
        Assert.Equal(archiveKey, unwrapped);
    }

    [Fact]
    public async Task A_missing_passphrase_without_a_terminal_names_the_variable_only_when_needed()
    {
        var profile = WriteAndLoad($$"""
            source: ./data
            target: { url: ./target }
            encryption:
              recipients: [ { type: passphrase, env: {{_passphraseVariable}}, {{CheapArgon2}} } ]
            """);

        // Opening the job needs no secret: a command that only lists never asks.
        await using var job = JobContext.FromProfile(profile, Catalog(), interactive: false, Options());

        var ex = Assert.Throws<SecretUnavailableException>(() => job.Recipients);
        Assert.Contains($"set {_passphraseVariable}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_x25519_recipient_needs_only_the_public_key_and_restores_with_its_identity_file()
    {
        var generator = Catalog().Load<IRecipientProvider>("x25519") as IRecipientKeyGenerator;
        var pair = generator!.GenerateKeyPair();
        var keyFile = _temp.Combine("x25519.key");
        File.WriteAllBytes(keyFile, pair.SecretKeyFile.Bytes.ToArray());
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var profile = WriteAndLoad($$"""
            source: ./data
            target: { url: ./target }
            encryption:
              provider: chacha20-poly1305
              recipients: [ { type: x25519, public-key: "{{pair.PublicKey}}", identity-file: ./x25519.key } ]
            """);
        await using var job = JobContext.FromProfile(profile, Catalog(), interactive: false, Options());

        var archiveKey = RandomNumberGenerator.GetBytes(32);
        var stanza = Assert.Single(job.Recipients).Wrap(archiveKey);
        var unwrapped = new byte[32];

        Assert.True(Assert.Single(job.Identities()).TryUnwrap(stanza, unwrapped));
        Assert.Equal(archiveKey, unwrapped);
        Assert.Equal("chacha20-poly1305", job.Encryption!.Cipher.Id);
    }

    [Fact]
    public void An_unknown_plugin_id_is_a_one_line_error_with_a_suggestion()
    {
        var profile = WriteAndLoad("""
            source: ./data
            target:
              backend: locl
              url: ./target
            encryption: { provider: none }
            """);

        var ex = Assert.Throws<PluginLoadException>(() => JobContext.FromProfile(profile, Catalog(), interactive: false, Options()));

        Assert.StartsWith("p.yaml:3:12: no backend plugin 'locl' (did you mean 'local'?); installed: local", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void An_unknown_cipher_gets_the_nearest_installed_one()
    {
        var profile = WriteAndLoad($$"""
            source: ./data
            target: { url: ./target }
            encryption:
              provider: chacha20-poly1350
              recipients: [ { type: passphrase, env: {{_passphraseVariable}} } ]
            """);

        var ex = Assert.Throws<PluginLoadException>(() => JobContext.FromProfile(profile, Catalog(), interactive: false, Options()));

        Assert.Contains("no cipher plugin 'chacha20-poly1350' (did you mean 'chacha20-poly1305'?)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encryption_is_off_only_when_the_profile_says_none()
    {
        var profile = WriteAndLoad("""
            source: ./data
            target: { url: ./target }
            encryption: { provider: none }
            """);
        await using var job = JobContext.FromProfile(profile, Catalog(), interactive: false, Options());

        Assert.Null(job.Cipher);
        Assert.Null(job.Encryption);
        Assert.Empty(job.Recipients);
    }

    [Fact]
    public async Task Command_line_flags_default_to_encryption_with_the_passphrase_variable()
    {
        using var scope = new Profiles.EnvironmentScope(_passphraseVariable, "from the environment");
        var flags = new JobFlags { Target = "./target", Sources = ["./data"], BaseDirectory = _temp.Path, PassphraseVariable = _passphraseVariable };
        await using var job = JobContext.FromFlags(flags, Catalog(), interactive: false, Options());

        Assert.Equal("aes-256-gcm", job.Cipher!.Id);
        Assert.Equal("zstd", job.Compressor.Id);
        Assert.Equal([_temp.Combine("data")], job.Profile.Sources);
        var recipient = Assert.Single(job.Profile.Encryption.Recipients);
        Assert.Equal(SecretReference.FromEnvironment(_passphraseVariable), recipient.Secret);
        Assert.Equal(new Uri(_temp.Combine("target")), job.Profile.Target.Url);
    }

    [Fact]
    public void A_target_flag_of_file_colon_slash_slash_alone_is_refused()
    {
        // What "--target file://$DIR" becomes when DIR is empty: it must not mean the root folder.
        var flags = new JobFlags { Target = "file://", Sources = ["./data"], BaseDirectory = _temp.Path };

        var ex = Assert.Throws<ArgumentException>(flags.ToProfile);

        Assert.Equal("--target: file:// URL has no path: write file:///folder or a plain path", ex.Message);
    }

    [Fact]
    public void A_target_flag_that_is_not_a_url_is_named_without_its_password()
    {
        var flags = new JobFlags { Target = "webdav://u:S3CRETPW@h:70000/x", BaseDirectory = _temp.Path };

        var ex = Assert.Throws<ArgumentException>(flags.ToProfile);

        Assert.Equal("--target: 'webdav://u@h:70000/x' is neither a URL nor a path.", ex.Message);
    }

    [Fact]
    public void A_target_flag_with_a_password_is_refused_without_showing_it()
    {
        // The URL is valid and its backend would take it: the password is refused as a secret on the command line.
        var flags = new JobFlags { Target = "sftp://u:S3CRETPW@127.0.0.1/x", Sources = ["./data"], BaseDirectory = _temp.Path };

        var ex = Assert.Throws<ArgumentException>(flags.ToProfile);

        Assert.Equal(
            "--target: the URL holds a password, which would put a secret on the command line: use a profile with url 'sftp://u@127.0.0.1/x' and "
                + "'password-env: VAR' or 'password-file: PATH' under 'target.options' instead",
            ex.Message);
    }

    [Fact]
    public void A_compression_level_the_plugin_rejects_points_at_the_profile()
    {
        var profile = WriteAndLoad("""
            source: ./data
            target: { url: ./target }
            compression: { provider: gzip, level: 17 }
            encryption: { provider: none }
            """);

        var ex = Assert.Throws<ProfileException>(() => JobContext.FromProfile(profile, Catalog(), interactive: false, Options()));

        Assert.Equal("p.yaml:3:39: 'level' 17 is not one gzip takes (gzip, levels 1-9 (default 6))", ex.Message);
    }

    [Fact]
    public async Task A_target_without_a_backend_gets_the_plugin_that_takes_its_scheme()
    {
        // webdavs: is the webdav plugin's second scheme, not a plugin id (the starter profile suggests it).
        var profile = WriteAndLoad("""
            source: ./data
            target: { url: "webdavs://127.0.0.1:9/dav/b" }
            encryption: { provider: none }
            """);
        Assert.Null(profile.Target.Backend);
        await using (JobContext.FromProfile(profile, Catalog(), interactive: false, Options()))
        {
        }

        var flags = new JobFlags { Target = "webdavs://127.0.0.1:9/dav/b", Sources = ["./data"], BaseDirectory = _temp.Path, Encryption = "none" };
        await using (JobContext.FromFlags(flags, Catalog(), interactive: false, Options()))
        {
        }

        Assert.Equal("webdav", BackendSchemes.ProviderFor(Catalog(), "webdavs").Id);
        Assert.Equal("local", BackendSchemes.ProviderFor(Catalog(), "file").Id);
    }

    [Fact]
    public void A_scheme_no_plugin_takes_is_a_plugin_error_at_the_url()
    {
        var profile = WriteAndLoad("""
            source: ./data
            target: { url: "nosuch://host/b" }
            encryption: { provider: none }
            """);

        var ex = Assert.Throws<PluginLoadException>(() => JobContext.FromProfile(profile, Catalog(), interactive: false, Options()));

        Assert.Equal("p.yaml:2:16: no backend plugin takes nosuch: URLs (installed backends take file:, webdav:, webdavs:)", ex.Message);
    }

    [Fact]
    public async Task Archive_algorithms_load_other_compressors_on_demand()
    {
        var profile = WriteAndLoad("""
            source: ./data
            target: { url: ./target }
            encryption: { provider: none }
            """);
        await using var job = JobContext.FromProfile(profile, Catalog(), interactive: false, Options());

        Assert.Equal("brotli", job.Algorithms.GetCompressor("brotli").Id);
        Assert.ThrowsAny<IOException>(() => job.Algorithms.GetCipher("rot13"));
    }

    private PluginCatalog Catalog() => PluginCatalog.Discover([plugins.Root]);

    private JobContextOptions Options() => new() { CacheRoot = _temp.Combine("cache"), Warn = message => Assert.Fail(message) };

    private Profile WriteAndLoad(string yaml)
    {
        var path = _temp.Combine("p.yaml");
        File.WriteAllText(path, yaml);
        return ProfileLoader.LoadFile(path, displayName: "p.yaml");
    }
}
