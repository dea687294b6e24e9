using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using BcChaCha20Poly1305 = Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305;
using BcX25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Cairn.Plugins.X25519;

/// <summary>
/// The x25519 stanza body, version 1 (the construction of age's X25519 stanza):
/// <code>
/// offset size  field
/// 0      1     version = 1
/// 1      32    ephemeral public key E (a fresh key pair per stanza)
/// 33     n+16  ChaCha20-Poly1305(wrap key, nonce = 12 zero bytes, no AD, archive key) || tag
/// </code>
/// shared = X25519(e, R); wrap key = HKDF-SHA256(ikm = shared, salt = E || R, info = "cairn-x25519-v1", 32 bytes),
/// where R is the recipient's public key. The wrap key is used once, so the fixed nonce is safe.
/// </summary>
internal static class X25519Stanza
{
    public const string Type = "x25519";
    public const byte Version = 1;
    public const int TagSize = 16;
    public const int HeaderSize = 1 + X25519Keys.KeySize;
    private static readonly byte[] Info = "cairn-x25519-v1"u8.ToArray();
    private static readonly byte[] ZeroNonce = new byte[12];

    public static byte[] Wrap(byte[] recipientPublic, ReadOnlySpan<byte> archiveKey)
    {
        var ephemeralSecret = X25519Keys.NewSecret();
        var ephemeralPublic = X25519Keys.PublicFromSecret(ephemeralSecret);
        var shared = new byte[X25519Keys.KeySize];
        try
        {
            if (!BcX25519.CalculateAgreement(ephemeralSecret, 0, recipientPublic, 0, shared, 0))
            {
                // Only a low-order point gives an all-zero secret; ParsePublic accepts any 32 bytes.
                throw new ArgumentException("x25519: the recipient's public key is a low-order point and cannot be used.");
            }

            var wrapKey = WrapKey(shared, ephemeralPublic, recipientPublic);
            var body = new byte[HeaderSize + archiveKey.Length + TagSize];
            body[0] = Version;
            ephemeralPublic.CopyTo(body, 1);
            var cipher = new BcChaCha20Poly1305();
            cipher.Init(true, new ParametersWithIV(new KeyParameter(wrapKey), ZeroNonce));
            var written = cipher.ProcessBytes(archiveKey, body.AsSpan(HeaderSize));
            cipher.DoFinal(body.AsSpan(HeaderSize + written));
            CryptographicOperations.ZeroMemory(wrapKey);
            return body;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeralSecret);
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    public static bool TryUnwrap(byte[] secretKey, byte[] publicKey, ReadOnlySpan<byte> body, Span<byte> archiveKey)
    {
        if (body.Length != HeaderSize + archiveKey.Length + TagSize || body[0] != Version)
        {
            return false;
        }

        var ephemeralPublic = body.Slice(1, X25519Keys.KeySize).ToArray();
        var shared = new byte[X25519Keys.KeySize];
        byte[]? wrapKey = null;
        try
        {
            if (!BcX25519.CalculateAgreement(secretKey, 0, ephemeralPublic, 0, shared, 0))
            {
                return false;
            }

            wrapKey = WrapKey(shared, ephemeralPublic, publicKey);
            var cipher = new BcChaCha20Poly1305();
            cipher.Init(false, new ParametersWithIV(new KeyParameter(wrapKey), ZeroNonce));
            var plaintext = new byte[archiveKey.Length];
            var written = cipher.ProcessBytes(body[HeaderSize..], plaintext);
            cipher.DoFinal(plaintext.AsSpan(written));
            plaintext.CopyTo(archiveKey);
            CryptographicOperations.ZeroMemory(plaintext);
            return true;
        }
        catch (InvalidCipherTextException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
            if (wrapKey is not null)
            {
                CryptographicOperations.ZeroMemory(wrapKey);
            }
        }
    }

    private static byte[] WrapKey(byte[] shared, byte[] ephemeralPublic, byte[] recipientPublic) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, [.. ephemeralPublic, .. recipientPublic], Info);
}
