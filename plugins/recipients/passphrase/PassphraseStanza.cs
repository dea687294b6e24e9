using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using BcArgon2 = Org.BouncyCastle.Crypto.Parameters.Argon2Parameters;

namespace Cairn.Plugins.Passphrase;

/// <summary>
/// The passphrase stanza body, version 1:
/// <code>
/// offset size  field
/// 0      1     version = 1
/// 1      9     Argon2id parameters: memory KiB (u32 BE), iterations (u32 BE), parallelism (u8)
/// 10     16    salt (random; the sets of a chain share one, see PassphraseRecipient.ContinueFrom)
/// 26     12    nonce (random, one per stanza)
/// 38     n+16  AES-256-GCM(kek, nonce, ad = "cairn-passphrase-v1", archive key) || tag
/// </code>
/// kek = Argon2id(passphrase, salt, parameters), 32 bytes. One kek wraps the keys of all the volumes a
/// backup writes, so the nonce is random per stanza rather than fixed.
/// </summary>
internal static class PassphraseStanza
{
    public const byte Version = 1;
    public const int SaltSize = 16;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int HeaderSize = 1 + Argon2Parameters.EncodedSize + SaltSize + NonceSize;
    private const int NonceOffset = 1 + Argon2Parameters.EncodedSize + SaltSize;
    public static ReadOnlySpan<byte> AssociatedData => "cairn-passphrase-v1"u8;

    /// <summary>
    /// Argon2id through libsodium (NSec) when it can: native and vectorised, it takes about a quarter of
    /// BouncyCastle's time for the default cost (measured 0.2 s against 0.8 s for a first derivation of
    /// 64 MiB, 3 passes), and every backup and restore pays one. libsodium only computes one lane, so a
    /// stanza written with more lanes (argon2-parallelism) is derived by BouncyCastle. Both give the
    /// same bytes: Argon2id v1.3 is one function.
    /// </summary>
    public static byte[] DeriveKek(ReadOnlySpan<byte> passphrase, ReadOnlySpan<byte> salt, Argon2Parameters parameters)
    {
        if (parameters.Parallelism == 1 && salt.Length == SaltSize)
        {
            var argon2 = NSec.Cryptography.PasswordBasedKeyDerivationAlgorithm.Argon2id(new NSec.Cryptography.Argon2Parameters
            {
                DegreeOfParallelism = 1,
                MemorySize = parameters.MemoryKib,
                NumberOfPasses = parameters.Iterations,
            });
            return argon2.DeriveBytes(passphrase, salt, 32);
        }

        return DeriveKekWithBouncyCastle(passphrase, salt, parameters);
    }

    /// <summary>The portable derivation, for any lane count (and the reference the tests compare libsodium with).</summary>
    internal static byte[] DeriveKekWithBouncyCastle(ReadOnlySpan<byte> passphrase, ReadOnlySpan<byte> salt, Argon2Parameters parameters)
    {
        var bcParameters = new BcArgon2.Builder(BcArgon2.Argon2id)
            .WithVersion(BcArgon2.Version13)
            .WithSalt(salt.ToArray())
            .WithMemoryAsKB(parameters.MemoryKib)
            .WithIterations(parameters.Iterations)
            .WithParallelism(parameters.Parallelism)
            .Build();
        var generator = new Argon2BytesGenerator();
        generator.Init(bcParameters);
        var kek = new byte[32];
        generator.GenerateBytes(passphrase.ToArray(), kek);
        return kek;
    }

    public static byte[] Seal(byte[] kek, Argon2Parameters parameters, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> archiveKey)
    {
        var body = new byte[HeaderSize + archiveKey.Length + TagSize];
        body[0] = Version;
        parameters.Write(body.AsSpan(1));
        salt.CopyTo(body.AsSpan(1 + Argon2Parameters.EncodedSize));
        var nonce = body.AsSpan(NonceOffset, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(kek, TagSize);
        aes.Encrypt(nonce, archiveKey, body.AsSpan(HeaderSize, archiveKey.Length), body.AsSpan(HeaderSize + archiveKey.Length), AssociatedData);
        return body;
    }

    /// <summary>Reads the derivation inputs of a version-1 stanza body (untrusted); false when it is not one or its cost is out of bounds.</summary>
    public static bool TryReadDerivation(ReadOnlySpan<byte> body, out Argon2Parameters parameters, out byte[] salt)
    {
        parameters = default;
        salt = [];
        if (body.Length < HeaderSize || body[0] != Version)
        {
            return false;
        }

        parameters = Argon2Parameters.Read(body[1..]);
        salt = body.Slice(1 + Argon2Parameters.EncodedSize, SaltSize).ToArray();
        return parameters.IsWithinLimits;
    }

    /// <summary>The length of the key a stanza body wraps (it is not stored: the body's length tells).</summary>
    public static int WrappedKeyLength(ReadOnlySpan<byte> body) => Math.Max(body.Length - HeaderSize - TagSize, 0);

    public static bool TryOpen(byte[] kek, ReadOnlySpan<byte> body, Span<byte> archiveKey)
    {
        if (body.Length != HeaderSize + archiveKey.Length + TagSize)
        {
            return false;
        }

        using var aes = new AesGcm(kek, TagSize);
        var nonce = body.Slice(NonceOffset, NonceSize);
        try
        {
            aes.Decrypt(nonce, body.Slice(HeaderSize, archiveKey.Length), body[(HeaderSize + archiveKey.Length)..], archiveKey, AssociatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            archiveKey.Clear();
            return false;
        }
    }
}
