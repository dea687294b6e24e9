using System.Security.Cryptography;
using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Recipients;
using Cairn.Contracts.Secrets;
using Cairn.Plugins.Passphrase;

namespace Cairn.Plugins.Tests.Recipients;

public class PassphraseRecipientTests
{
    private static readonly Dictionary<string, string> LightArgon2 = new()
    {
        ["argon2-memory-kib"] = "1024",
        ["argon2-iterations"] = "1",
    };

    private static RecipientSettings Settings(string passphrase) =>
        new(LightArgon2, Secret.FromText(passphrase, "test"));

    [Fact]
    public void Unwraps_with_the_right_passphrase()
    {
        var provider = new PassphraseRecipientProvider();
        var key = RandomNumberGenerator.GetBytes(32);
        var stanza = provider.CreateRecipient(Settings("correct horse")).Wrap(key);

        var unwrapped = new byte[32];
        Assert.True(provider.CreateIdentity(Settings("correct horse")).TryUnwrap(stanza, unwrapped));
        Assert.Equal(key, unwrapped);
    }

    [Fact]
    public void Refuses_a_wrong_passphrase()
    {
        var provider = new PassphraseRecipientProvider();
        var stanza = provider.CreateRecipient(Settings("correct horse")).Wrap(RandomNumberGenerator.GetBytes(32));
        Assert.False(provider.CreateIdentity(Settings("battery staple")).TryUnwrap(stanza, new byte[32]));
    }

    [Fact]
    public void Two_stanzas_from_one_recipient_use_different_nonces()
    {
        var recipient = new PassphraseRecipientProvider().CreateRecipient(Settings("pw"));
        var first = recipient.Wrap(new byte[32]);
        var second = recipient.Wrap(new byte[32]);
        Assert.NotEqual(first.Body, second.Body);
    }

    [Fact]
    public void Detects_every_single_bit_flip_in_the_stanza()
    {
        var provider = new PassphraseRecipientProvider();
        var stanza = provider.CreateRecipient(Settings("pw")).Wrap(RandomNumberGenerator.GetBytes(32));
        var identity = provider.CreateIdentity(Settings("pw"));
        for (var i = 0; i < stanza.Body.Length; i++)
        {
            var body = stanza.Body.ToArray();
            body[i] ^= 0x01;
            Assert.False(identity.TryUnwrap(stanza with { Body = body }, new byte[32]), $"flip at byte {i} went unnoticed");
        }
    }

    [Fact]
    public void Refuses_hostile_cost_parameters_without_running_them()
    {
        var provider = new PassphraseRecipientProvider();
        var body = provider.CreateRecipient(Settings("pw")).Wrap(new byte[32]).Body;
        body[1] = 0xFF; // memory = 4 TiB
        Assert.False(provider.CreateIdentity(Settings("pw")).TryUnwrap(new RecipientStanza("passphrase", body), new byte[32]));
    }

    [Fact]
    public void Requires_a_passphrase() =>
        Assert.Throws<ArgumentException>(() => new PassphraseRecipientProvider().CreateRecipient(new RecipientSettings(LightArgon2, null)));

    [Theory]
    [InlineData(8, 1)]
    [InlineData(1024, 1)]
    [InlineData(1025, 2)]
    [InlineData(4096, 3)]
    public void Libsodium_and_BouncyCastle_derive_the_same_key(int memoryKib, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(PassphraseStanza.SaltSize);
        var passphrase = RandomNumberGenerator.GetBytes(memoryKib % 40);
        var parameters = new Argon2Parameters(memoryKib, iterations, 1);
        var fromLibsodium = PassphraseStanza.DeriveKek(passphrase, salt, parameters);
        Assert.Equal(PassphraseStanza.DeriveKekWithBouncyCastle(passphrase, salt, parameters), fromLibsodium);
        Assert.NotEqual(fromLibsodium, PassphraseStanza.DeriveKek(passphrase, salt, parameters with { Iterations = iterations + 1 }));
    }

    [Fact]
    public void Several_lanes_are_derived_and_unwrap()
    {
        var options = new Dictionary<string, string>(LightArgon2) { ["argon2-parallelism"] = "4" };
        var provider = new PassphraseRecipientProvider();
        var key = RandomNumberGenerator.GetBytes(32);
        var stanza = provider.CreateRecipient(new RecipientSettings(options, Secret.FromText("pw", "test"))).Wrap(key);
        var unwrapped = new byte[32];
        Assert.True(provider.CreateIdentity(Settings("pw")).TryUnwrap(stanza, unwrapped));
        Assert.Equal(key, unwrapped);
    }

    [Fact]
    public void The_next_set_of_a_chain_keeps_the_salt_of_its_own_earlier_stanza()
    {
        var provider = new PassphraseRecipientProvider();
        var earlier = provider.CreateRecipient(Settings("pw")).Wrap(RandomNumberGenerator.GetBytes(32));
        var key = RandomNumberGenerator.GetBytes(32);
        var next = provider.CreateRecipient(Settings("pw")).ContinueFrom([new RecipientStanza("x25519", new byte[40]), earlier]).Wrap(key);

        Assert.Equal(Salt(earlier), Salt(next));
        Assert.NotEqual(Nonce(earlier), Nonce(next));
        var unwrapped = new byte[32];
        Assert.True(provider.CreateIdentity(Settings("pw")).TryUnwrap(next, unwrapped));
        Assert.Equal(key, unwrapped);
    }

    [Fact]
    public void Another_cost_with_the_same_passphrase_continues_with_a_fresh_salt()
    {
        var provider = new PassphraseRecipientProvider();
        var otherCost = provider.CreateRecipient(new RecipientSettings(new Dictionary<string, string> { ["argon2-memory-kib"] = "2048", ["argon2-iterations"] = "1" }, Secret.FromText("pw", "test"))).Wrap(new byte[32]);

        var next = provider.CreateRecipient(Settings("pw")).ContinueFrom([otherCost]).Wrap(new byte[32]);

        Assert.NotEqual(Salt(otherCost), Salt(next));
        Assert.True(provider.CreateIdentity(Settings("pw")).TryUnwrap(next, new byte[32]));
    }

    [Fact]
    public void A_chain_made_with_another_passphrase_or_a_planted_stanza_is_not_continued()
    {
        // The chain's restore would need both passphrases; a stanza planted on the target (to aim a
        // precomputed dictionary at a chosen salt) fails the same way and its salt is never adopted.
        var provider = new PassphraseRecipientProvider();
        var other = provider.CreateRecipient(Settings("another passphrase")).Wrap(new byte[32]);

        var next = provider.CreateRecipient(Settings("pw")).ContinueFrom([other]);

        var error = Assert.Throws<AuthenticationFailedException>(() => next.Wrap(new byte[32]));
        Assert.Contains("--full", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Continues_the_stanza_its_passphrase_opens_when_a_chain_has_two_passphrases()
    {
        var provider = new PassphraseRecipientProvider();
        var key = RandomNumberGenerator.GetBytes(32);
        var theirs = provider.CreateRecipient(Settings("theirs")).Wrap(key);
        var mine = provider.CreateRecipient(Settings("mine")).Wrap(key);

        var next = provider.CreateRecipient(Settings("mine")).ContinueFrom([theirs, mine]).Wrap(key);

        Assert.Equal(Salt(mine), Salt(next));
    }

    private static byte[] Salt(RecipientStanza stanza) => stanza.Body[10..26];

    private static byte[] Nonce(RecipientStanza stanza) => stanza.Body[26..38];

    [Fact]
    public void Default_cost_derives_a_key_in_reasonable_time()
    {
        var provider = new PassphraseRecipientProvider();
        var settings = new RecipientSettings(new Dictionary<string, string>(), Secret.FromText("pw", "test"));
        var key = RandomNumberGenerator.GetBytes(32);
        var stanza = provider.CreateRecipient(settings).Wrap(key);
        var unwrapped = new byte[32];
        Assert.True(provider.CreateIdentity(settings).TryUnwrap(stanza, unwrapped));
        Assert.Equal(key, unwrapped);
    }
}
