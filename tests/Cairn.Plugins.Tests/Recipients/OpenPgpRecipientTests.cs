using System.Security.Cryptography;
using System.Text;
using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Recipients;
using Cairn.Contracts.Secrets;
using Cairn.Plugins.OpenPgp;
using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Recipients;

public sealed class OpenPgpRecipientTests(GpgKeysFixture keys) : IClassFixture<GpgKeysFixture>, IDisposable
{
    private readonly OpenPgpRecipientProvider _provider = new();
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Emails => new() { "t@example.org", "f@example.org" };

    [Theory]
    [MemberData(nameof(Emails))]
    public void Round_trips_with_keys_exported_from_gnupg(string email)
    {
        var archiveKey = RandomNumberGenerator.GetBytes(32);
        var stanza = _provider.CreateRecipient(KeyFile(keys.PublicArmored(email))).Wrap(archiveKey);

        Assert.Equal("openpgp", stanza.Type);
        var unwrapped = new byte[32];
        Assert.True(_provider.CreateIdentity(KeyFile(keys.SecretArmored(email))).TryUnwrap(stanza, unwrapped));
        Assert.Equal(archiveKey, unwrapped);
    }

    [Theory]
    [MemberData(nameof(Emails))]
    public void Gpg_itself_decrypts_the_stanza_body(string email)
    {
        var archiveKey = RandomNumberGenerator.GetBytes(32);
        var stanza = _provider.CreateRecipient(KeyFile(keys.PublicBinary(email))).Wrap(archiveKey);
        var message = _temp.Combine("stanza.gpg");
        File.WriteAllBytes(message, stanza.Body);

        Assert.Equal(archiveKey, keys.Gpg.Run(string.Empty, "--decrypt", message));
    }

    [Fact]
    public void The_armored_key_can_be_given_inline()
    {
        var armored = Encoding.ASCII.GetString(keys.PublicArmored("f@example.org"));
        var settings = new RecipientSettings(new Dictionary<string, string> { ["public-key"] = armored }, null);
        var stanza = _provider.CreateRecipient(settings).Wrap(new byte[32]);
        Assert.True(_provider.CreateIdentity(KeyFile(keys.SecretArmored("f@example.org"))).TryUnwrap(stanza, new byte[32]));
    }

    [Fact]
    public void A_passphrase_protected_secret_key_needs_its_passphrase()
    {
        var archiveKey = RandomNumberGenerator.GetBytes(32);
        var stanza = _provider.CreateRecipient(KeyFile(keys.PublicArmored("l@example.org"))).Wrap(archiveKey);
        var secretKey = keys.SecretArmored("l@example.org", GpgKeysFixture.ProtectedPassphrase);

        var unwrapped = new byte[32];
        var identity = _provider.CreateIdentity(KeyFile(secretKey, Secret.FromText(GpgKeysFixture.ProtectedPassphrase, "env GPG_PASS")));
        Assert.True(identity.TryUnwrap(stanza, unwrapped));
        Assert.Equal(archiveKey, unwrapped);

        var wrong = Assert.Throws<AuthenticationFailedException>(() => _provider.CreateIdentity(KeyFile(secretKey, Secret.FromText("tr0ub4dor", "env GPG_PASS"))));
        Assert.Contains("the passphrase from env GPG_PASS does not unlock key", wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tr0ub4dor", wrong.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<AuthenticationFailedException>(() => _provider.CreateIdentity(KeyFile(secretKey)));
        Assert.Contains("is protected by a passphrase, and none was given", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_identity_does_not_unwrap()
    {
        var stanza = _provider.CreateRecipient(KeyFile(keys.PublicArmored("t@example.org"))).Wrap(new byte[32]);
        var other = _provider.CreateIdentity(KeyFile(keys.SecretArmored("f@example.org")));
        Assert.False(other.TryUnwrap(stanza, new byte[32]));
        Assert.False(other.TryUnwrap(stanza with { Type = "x25519" }, new byte[32]));
    }

    [Fact]
    public void Tampering_never_yields_a_different_key()
    {
        // OpenPGP authenticates the encrypted session key and (with the MDC) the data, but not its own
        // framing: packet version bytes, and the top bit of an X25519 point, which X25519 ignores
        // (RFC 7748). A flip there still opens to the same key; every other flip must be refused.
        var archiveKey = RandomNumberGenerator.GetBytes(32);
        var stanza = _provider.CreateRecipient(KeyFile(keys.PublicArmored("f@example.org"))).Wrap(archiveKey);
        var identity = _provider.CreateIdentity(KeyFile(keys.SecretArmored("f@example.org")));
        var opened = new List<int>();
        for (var i = 0; i < stanza.Body.Length; i++)
        {
            foreach (var flip in new byte[] { 0x01, 0x80 })
            {
                var body = stanza.Body.ToArray();
                body[i] ^= flip;
                var unwrapped = new byte[32];
                if (identity.TryUnwrap(stanza with { Body = body }, unwrapped))
                {
                    Assert.Equal(archiveKey, unwrapped);
                    opened.Add(i);
                }
            }
        }

        Assert.True(opened.Distinct().Count() <= 4, $"flips at bytes {string.Join(", ", opened)} of {stanza.Body.Length} still opened");
        Assert.All(opened, i => Assert.True(i < stanza.Body.Length - 22, $"byte {i} is in the MDC packet"));
        Assert.False(identity.TryUnwrap(stanza with { Body = stanza.Body[..^1] }, new byte[32]));
        Assert.False(identity.TryUnwrap(stanza with { Body = [] }, new byte[32]));
        Assert.False(identity.TryUnwrap(stanza with { Body = new byte[OpenPgpMessageLimit + 1] }, new byte[32]));
    }

    [Fact]
    public void A_key_that_cannot_encrypt_is_refused_clearly()
    {
        var ex = Assert.Throws<ArgumentException>(() => _provider.CreateRecipient(KeyFile(keys.RsaSignOnlyPublic)));
        Assert.Contains("no key in it can encrypt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_keys_and_missing_options_are_argument_errors()
    {
        Assert.Contains("not an OpenPGP public key", Assert.Throws<ArgumentException>(() => _provider.CreateRecipient(KeyFile("hello"u8.ToArray()))).Message, StringComparison.Ordinal);
        Assert.Contains("not an OpenPGP secret key", Assert.Throws<ArgumentException>(() => _provider.CreateIdentity(KeyFile(keys.PublicArmored("t@example.org")))).Message, StringComparison.Ordinal);
        var none = new RecipientSettings(new Dictionary<string, string>(), null);
        Assert.Contains("'key-file'", Assert.Throws<ArgumentException>(() => _provider.CreateRecipient(none)).Message, StringComparison.Ordinal);
        Assert.Contains("'key-file'", Assert.Throws<ArgumentException>(() => _provider.CreateIdentity(none)).Message, StringComparison.Ordinal);
        var missingFile = new RecipientSettings(new Dictionary<string, string> { ["key-file"] = _temp.Combine("absent.asc") }, null);
        Assert.Contains("cannot read", Assert.Throws<ArgumentException>(() => _provider.CreateRecipient(missingFile)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_that_never_ends_is_refused_at_the_limit()
    {
        var options = new Dictionary<string, string> { ["key-file"] = "/dev/zero" };

        var ex = Assert.Throws<ArgumentException>(() => _provider.CreateRecipient(new RecipientSettings(options, null)));

        Assert.Equal("openpgp option 'key-file': /dev/zero is larger than a key file may be (4194304 bytes).", ex.Message);
    }

    private const int OpenPgpMessageLimit = 64 * 1024;

    private RecipientSettings KeyFile(byte[] content, Secret? secret = null)
    {
        var path = _temp.Combine($"key-{Guid.NewGuid():N}.asc");
        File.WriteAllBytes(path, content);
        return new RecipientSettings(new Dictionary<string, string> { ["key-file"] = path }, secret);
    }
}
