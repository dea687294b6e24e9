using System.Security.Cryptography;
using Cairn.Contracts.Recipients;
using Cairn.Contracts.Secrets;
using Cairn.Plugins.X25519;

namespace Cairn.Plugins.Tests.Recipients;

public sealed class X25519RecipientTests
{
    private readonly X25519RecipientProvider _provider = new();

    private static RecipientSettings PublicKey(string key) => new(new Dictionary<string, string> { ["public-key"] = key }, null);

    private static RecipientSettings SecretKey(Secret secret) => new(new Dictionary<string, string>(), secret);

    [Fact]
    public void Round_trips_with_only_the_public_key_on_the_writing_side()
    {
        var pair = _provider.GenerateKeyPair();
        var archiveKey = RandomNumberGenerator.GetBytes(32);

        var stanza = _provider.CreateRecipient(PublicKey(pair.PublicKey)).Wrap(archiveKey);

        Assert.Equal("x25519", stanza.Type);
        Assert.Equal(1 + 32 + 32 + 16, stanza.Body.Length);
        var unwrapped = new byte[32];
        Assert.True(_provider.CreateIdentity(SecretKey(pair.SecretKeyFile)).TryUnwrap(stanza, unwrapped));
        Assert.Equal(archiveKey, unwrapped);
        Assert.False(_provider.RecipientNeedsSecret);
    }

    [Fact]
    public void Keys_look_like_age_keys_with_cairn_prefixes()
    {
        var pair = _provider.GenerateKeyPair();
        Assert.Matches("^cairn1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$", pair.PublicKey);
        var lines = pair.SecretKeyFile.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"# public key: {pair.PublicKey}", lines[1]);
        Assert.Matches("^CAIRN-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$", lines[2]);
        Assert.Equal(pair.PublicKey, _provider.GetPublicKey(pair.SecretKeyFile));
        Assert.Equal(pair.PublicKey, _provider.GetPublicKey(Secret.FromText(lines[2], "test")));
        Assert.DoesNotContain(lines[2], pair.SecretKeyFile.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_stanza_has_its_own_ephemeral_key()
    {
        var recipient = _provider.CreateRecipient(PublicKey(_provider.GenerateKeyPair().PublicKey));
        var first = recipient.Wrap(new byte[32]);
        var second = recipient.Wrap(new byte[32]);
        Assert.NotEqual(first.Body.AsSpan(1, 32).ToArray(), second.Body.AsSpan(1, 32).ToArray());
    }

    [Fact]
    public void A_wrong_identity_does_not_unwrap()
    {
        var stanza = _provider.CreateRecipient(PublicKey(_provider.GenerateKeyPair().PublicKey)).Wrap(RandomNumberGenerator.GetBytes(32));
        var other = _provider.CreateIdentity(SecretKey(_provider.GenerateKeyPair().SecretKeyFile));
        var key = new byte[32];
        Assert.False(other.TryUnwrap(stanza, key));
        Assert.False(other.TryUnwrap(stanza with { Type = "passphrase" }, key));
    }

    [Fact]
    public void Tampering_with_any_byte_of_the_stanza_is_detected()
    {
        var pair = _provider.GenerateKeyPair();
        var stanza = _provider.CreateRecipient(PublicKey(pair.PublicKey)).Wrap(RandomNumberGenerator.GetBytes(32));
        var identity = _provider.CreateIdentity(SecretKey(pair.SecretKeyFile));
        for (var i = 0; i < stanza.Body.Length; i++)
        {
            foreach (var flip in new byte[] { 0x01, 0x80 })
            {
                var body = stanza.Body.ToArray();
                body[i] ^= flip;
                Assert.False(identity.TryUnwrap(stanza with { Body = body }, new byte[32]), $"flip {flip:x2} at byte {i} went unnoticed");
            }
        }

        Assert.False(identity.TryUnwrap(stanza with { Body = stanza.Body[..^1] }, new byte[32]));
        Assert.False(identity.TryUnwrap(stanza with { Body = [.. stanza.Body, 0] }, new byte[32]));
        Assert.False(identity.TryUnwrap(stanza with { Body = [] }, new byte[32]));
    }

    [Fact]
    public void A_low_order_ephemeral_key_is_refused_not_trusted()
    {
        var pair = _provider.GenerateKeyPair();
        var body = _provider.CreateRecipient(PublicKey(pair.PublicKey)).Wrap(new byte[32]).Body;
        body.AsSpan(1, 32).Clear(); // the point 0: every shared secret would be zero
        Assert.False(_provider.CreateIdentity(SecretKey(pair.SecretKeyFile)).TryUnwrap(new RecipientStanza("x25519", body), new byte[32]));
        Assert.Throws<ArgumentException>(() => _provider.CreateRecipient(PublicKey(X25519Keys.EncodePublic(new byte[32]))).Wrap(new byte[32]));
    }

    [Fact]
    public void The_key_file_option_reads_a_secret_key_file()
    {
        var pair = _provider.GenerateKeyPair();
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, pair.SecretKeyFile.Text);
            var options = new Dictionary<string, string> { ["key-file"] = path };
            var stanza = _provider.CreateRecipient(new RecipientSettings(options, null)).Wrap(new byte[32]);
            Assert.True(_provider.CreateIdentity(new RecipientSettings(options, null)).TryUnwrap(stanza, new byte[32]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_key_file_that_never_ends_is_refused_at_the_limit()
    {
        var options = new Dictionary<string, string> { ["key-file"] = "/dev/zero" };

        var ex = Assert.Throws<ArgumentException>(() => _provider.CreateIdentity(new RecipientSettings(options, null)));

        Assert.Equal("x25519 option 'key-file': /dev/zero is larger than a key file may be (65536 bytes).", ex.Message);
    }

    [Theory]
    [InlineData("", "is not a cairn1… public key: it is not Bech32")]
    [InlineData("age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p", "it starts with \"age1\", expected \"cairn1\"")]
    [InlineData("cairn1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8q", "its checksum is wrong")]
    [InlineData("cairn1Qyqszqgp", "mixes upper and lower case")]
    [InlineData("cairn1 qyqszqgp", "outside printable ASCII")]
    [InlineData("cairn1bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "'b' is not a Bech32 letter")]
    public void Malformed_public_keys_are_refused_with_the_reason(string key, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => _provider.CreateRecipient(PublicKey(key)));
        Assert.Contains("option 'public-key'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_well_formed_key_of_the_wrong_length_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => _provider.CreateRecipient(PublicKey(Bech32.Encode("cairn", new byte[31]))));
        Assert.Contains("it holds 31 bytes, not 32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_secret_keys_are_refused_without_showing_them()
    {
        var pair = _provider.GenerateKeyPair();
        var secretLine = pair.SecretKeyFile.Text.Split('\n')[2];
        var typo = secretLine[..^1] + (secretLine[^1] == 'Q' ? 'P' : 'Q');
        var cases = new Dictionary<string, string>
        {
            [typo] = "checksum is wrong",
            [secretLine + "\n" + secretLine] = "expected one CAIRN-SECRET-KEY-1… line, found 2",
            ["# only a comment\n"] = "found 0",
            [pair.PublicKey] = "this is a public key",
            ["correct horse battery staple"] = "is not a CAIRN-SECRET-KEY-1… key",
        };
        foreach (var (text, reason) in cases)
        {
            var ex = Assert.Throws<ArgumentException>(() => _provider.CreateIdentity(SecretKey(Secret.FromText(text, "env CAIRN_KEY"))));
            Assert.Contains("x25519 secret key from env CAIRN_KEY", ex.Message, StringComparison.Ordinal);
            Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secretLine[18..], ex.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("horse", ex.Message, StringComparison.Ordinal);
        }

        var mistaken = Assert.Throws<ArgumentException>(() => _provider.CreateRecipient(PublicKey(secretLine)));
        Assert.Contains("this is a secret key", mistaken.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secretLine, mistaken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_without_keys_say_what_is_missing()
    {
        var none = new RecipientSettings(new Dictionary<string, string>(), null);
        Assert.Contains("'public-key'", Assert.Throws<ArgumentException>(() => _provider.CreateRecipient(none)).Message, StringComparison.Ordinal);
        Assert.Contains("'key-file'", Assert.Throws<ArgumentException>(() => _provider.CreateIdentity(none)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A12UEL5L")]
    [InlineData("a12uel5l")]
    [InlineData("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w")]
    public void Bech32_decodes_and_reencodes_the_BIP_173_valid_vectors(string vector)
    {
        var separator = vector.LastIndexOf('1');
        var prefix = vector[..separator].ToLowerInvariant();
        var data = Bech32.TryDecode(vector, prefix, mayQuote: true, out var problem);
        Assert.Null(problem);
        Assert.NotNull(data);
        Assert.Equal(vector.ToLowerInvariant(), Bech32.Encode(prefix, data));
    }
}
