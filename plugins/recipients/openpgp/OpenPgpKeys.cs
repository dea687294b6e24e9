using System.Globalization;
using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Files;
using Cairn.Contracts.Secrets;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Cairn.Plugins.OpenPgp;

/// <summary>Reads OpenPGP keys (armored or binary, as GnuPG exports them) and picks the ones that encrypt.</summary>
internal static class OpenPgpKeys
{
    // A key file is a few KiB; a limit keeps a wrong path (a disk image) from being read into memory.
    private const int MaxKeyFileBytes = 4 * 1024 * 1024;

    /// <summary>The encryption key of a public key (or the first usable one of a keyring): a subkey when there is one.</summary>
    /// <exception cref="ArgumentException">Not an OpenPGP public key, or no key in it can encrypt.</exception>
    public static PgpPublicKey ReadEncryptionKey(byte[] keyData, string source)
    {
        PgpPublicKeyRingBundle bundle;
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(keyData, writable: false));
            bundle = new PgpPublicKeyRingBundle(input);
        }
        catch (Exception ex) when (ex is IOException or PgpException or InvalidCastException or ArgumentException)
        {
            throw new ArgumentException($"openpgp {source}: not an OpenPGP public key ({OneLine(ex.Message)}); export one with `gpg --export --armor KEYID`.", ex);
        }

        var candidates = bundle.GetKeyRings()
            .SelectMany(ring => ring.GetPublicKeys())
            .Where(CanEncrypt)
            .OrderBy(key => key.IsMasterKey)
            .ThenByDescending(key => key.CreationTime)
            .ToList();
        if (candidates.Count == 0)
        {
            var count = bundle.Count;
            throw new ArgumentException(count == 0
                ? $"openpgp {source}: no OpenPGP public key in it; export one with `gpg --export --armor KEYID`."
                : $"openpgp {source}: no key in it can encrypt (no usable encryption subkey, or it is revoked or expired).");
        }

        return candidates[0];
    }

    /// <summary>The private keys of a secret key file that can decrypt, unlocked with <paramref name="passphrase"/>.</summary>
    /// <exception cref="ArgumentException">Not an OpenPGP secret key, or none in it can decrypt.</exception>
    /// <exception cref="AuthenticationFailedException">The key is protected and the passphrase is missing or wrong.</exception>
    public static Dictionary<long, PgpPrivateKey> ReadDecryptionKeys(byte[] keyData, string source, Secret? passphrase)
    {
        PgpSecretKeyRingBundle bundle;
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(keyData, writable: false));
            bundle = new PgpSecretKeyRingBundle(input);
        }
        catch (Exception ex) when (ex is IOException or PgpException or InvalidCastException or ArgumentException)
        {
            throw new ArgumentException($"openpgp {source}: not an OpenPGP secret key ({OneLine(ex.Message)}); export one with `gpg --export-secret-keys --armor KEYID`.", ex);
        }

        var keys = new Dictionary<long, PgpPrivateKey>();
        var passphraseChars = passphrase?.Text.ToCharArray() ?? [];
        foreach (var secretKey in bundle.GetKeyRings().SelectMany(ring => ring.GetSecretKeys()))
        {
            if (secretKey.IsPrivateKeyEmpty || !secretKey.PublicKey.IsEncryptionKey)
            {
                // GnuPG exports stubs for keys kept on a card or left out with --export-secret-subkeys.
                continue;
            }

            try
            {
                var privateKey = secretKey.ExtractPrivateKey(passphraseChars);
                if (privateKey is not null)
                {
                    keys[secretKey.KeyId] = privateKey;
                }
            }
            catch (PgpException ex)
            {
                var keyId = secretKey.KeyId.ToString("X16", CultureInfo.InvariantCulture);
                throw new AuthenticationFailedException(passphrase is null
                    ? $"openpgp {source}: key {keyId} is protected by a passphrase, and none was given."
                    : $"openpgp {source}: the passphrase from {passphrase.Origin} does not unlock key {keyId}.", ex);
            }
        }

        Array.Clear(passphraseChars);
        if (keys.Count == 0)
        {
            throw new ArgumentException($"openpgp {source}: no secret key in it can decrypt.");
        }

        return keys;
    }

    /// <summary>Reads a key file named by an option.</summary>
    /// <exception cref="ArgumentException">It cannot be read, or is too large to be a key.</exception>
    public static byte[] ReadFile(string path, string option)
    {
        try
        {
            return BoundedFile.ReadAllBytes(path, MaxKeyFileBytes);
        }
        catch (FileTooLargeException ex)
        {
            throw new ArgumentException($"openpgp option '{option}': {path} is larger than a key file may be ({MaxKeyFileBytes} bytes).", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"openpgp option '{option}': cannot read {path}: {OneLine(ex.Message)}", ex);
        }
    }

    /// <summary>
    /// An encryption-capable key that is not revoked or expired and, when its self-signatures carry key
    /// flags (GnuPG's always do), is flagged for encryption.
    /// </summary>
    private static bool CanEncrypt(PgpPublicKey key)
    {
        if (!key.IsEncryptionKey || key.HasRevocation())
        {
            return false;
        }

        var validSeconds = key.GetValidSeconds();
        if (validSeconds > 0 && key.CreationTime.AddSeconds(validSeconds) < DateTime.UtcNow)
        {
            return false;
        }

        var flags = key.GetSignatures()
            .Select(signature => signature.GetHashedSubPackets())
            .Where(packets => packets is not null && packets.HasSubpacket(SignatureSubpacketTag.KeyFlags))
            .Select(packets => packets.GetKeyFlags())
            .ToList();
        return flags.Count == 0 || flags.Any(f => (f & (PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage)) != 0);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
