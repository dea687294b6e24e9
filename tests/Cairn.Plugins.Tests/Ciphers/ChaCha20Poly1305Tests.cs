using System.Security.Cryptography;
using System.Text;
using Cairn.Contracts.Ciphers;
using Cairn.Plugins.ChaCha20Poly1305;

namespace Cairn.Plugins.Tests.Ciphers;

public sealed class ChaCha20Poly1305Tests
{
    public static TheoryData<bool> Implementations => new() { false, true };

    private static ChaCha20Poly1305CipherProvider Provider(bool bouncyCastle) => new(bouncyCastle);

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Matches_the_RFC_8439_section_2_8_2_test_vector(bool bouncyCastle)
    {
        var key = Convert.FromHexString("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        var nonce = Convert.FromHexString("070000004041424344454647");
        var associatedData = Convert.FromHexString("50515253c0c1c2c3c4c5c6c7");
        var plaintext = Encoding.ASCII.GetBytes("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
        var expectedCiphertext = Convert.FromHexString(
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6" +
            "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36" +
            "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc" +
            "3ff4def08e4b7a9de576d26586cec64b6116");
        var expectedTag = Convert.FromHexString("1ae10b594f09e26a7e902ecbd0600691");

        using (var aead = Provider(bouncyCastle).CreateAead(key))
        {
            var ciphertext = new byte[plaintext.Length];
            var tag = new byte[16];
            aead.Seal(nonce, plaintext, associatedData, ciphertext, tag);
            Assert.Equal(expectedCiphertext, ciphertext);
            Assert.Equal(expectedTag, tag);
        }

        using (var aead = Provider(bouncyCastle).CreateAead(key))
        {
            var decrypted = new byte[plaintext.Length];
            aead.Open(nonce, expectedCiphertext, expectedTag, associatedData, decrypted);
            Assert.Equal(plaintext, decrypted);
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Round_trips_and_interoperates_with_the_other_implementation(bool bouncyCastle)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var associatedData = "frame 7"u8.ToArray();
        foreach (var size in new[] { 0, 1, 63, 64, 65, 1 << 20 })
        {
            var plaintext = RandomNumberGenerator.GetBytes(size);
            var ciphertext = new byte[size];
            var tag = new byte[16];
            using (var sealer = Provider(bouncyCastle).CreateAead(key))
            {
                sealer.Seal(nonce, plaintext, associatedData, ciphertext, tag);
            }

            var decrypted = new byte[size];
            using (var opener = Provider(!bouncyCastle).CreateAead(key))
            {
                opener.Open(nonce, ciphertext, tag, associatedData, decrypted);
            }

            Assert.Equal(plaintext, decrypted);
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void A_wrong_key_fails_authentication(bool bouncyCastle)
    {
        var (nonce, ciphertext, tag, associatedData) = Sealed(bouncyCastle, RandomNumberGenerator.GetBytes(32));
        using var aead = Provider(bouncyCastle).CreateAead(RandomNumberGenerator.GetBytes(32));
        var ex = Assert.Throws<AuthenticationFailedException>(() => aead.Open(nonce, ciphertext, tag, associatedData, new byte[ciphertext.Length]));
        Assert.Contains("ChaCha20-Poly1305", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Tampering_with_any_byte_of_data_tag_nonce_or_associated_data_fails(bool bouncyCastle)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var (nonce, ciphertext, tag, associatedData) = Sealed(bouncyCastle, key);
        using var aead = Provider(bouncyCastle).CreateAead(key);
        var parts = new[] { nonce, ciphertext, tag, associatedData };
        for (var part = 0; part < parts.Length; part++)
        {
            for (var i = 0; i < parts[part].Length; i++)
            {
                var altered = parts.Select(p => p.ToArray()).ToArray();
                altered[part][i] ^= 0x80;
                var plaintext = new byte[ciphertext.Length];
                Assert.Throws<AuthenticationFailedException>(() => aead.Open(altered[0], altered[1], altered[2], altered[3], plaintext));
            }
        }

        var shorterData = associatedData[..^1];
        Assert.Throws<AuthenticationFailedException>(() => aead.Open(nonce, ciphertext, tag, shorterData, new byte[ciphertext.Length]));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Wrong_sizes_are_argument_errors(bool bouncyCastle)
    {
        Assert.Throws<ArgumentException>(() => Provider(bouncyCastle).CreateAead(new byte[16]));
        using var aead = Provider(bouncyCastle).CreateAead(new byte[32]);
        Assert.Throws<ArgumentException>(() => aead.Seal(new byte[8], new byte[4], default, new byte[4], new byte[16]));
        Assert.Throws<ArgumentException>(() => aead.Seal(new byte[12], new byte[4], default, new byte[5], new byte[16]));
        Assert.Throws<ArgumentException>(() => aead.Seal(new byte[12], new byte[4], default, new byte[4], new byte[12]));
    }

    [Fact]
    public void The_default_constructor_uses_the_platform_when_it_can()
    {
        var provider = new ChaCha20Poly1305CipherProvider();
        Assert.Equal("chacha20-poly1305", provider.Id);
        Assert.Equal((32, 12, 16), (provider.KeySize, provider.NonceSize, provider.TagSize));
        Assert.Equal(!System.Security.Cryptography.ChaCha20Poly1305.IsSupported, provider.Description.Contains("BouncyCastle", StringComparison.Ordinal));
    }

    private static (byte[] Nonce, byte[] Ciphertext, byte[] Tag, byte[] AssociatedData) Sealed(bool bouncyCastle, byte[] key)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var associatedData = RandomNumberGenerator.GetBytes(13);
        var plaintext = RandomNumberGenerator.GetBytes(77);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aead = Provider(bouncyCastle).CreateAead(key);
        aead.Seal(nonce, plaintext, associatedData, ciphertext, tag);
        return (nonce, ciphertext, tag, associatedData);
    }
}
