using System.Globalization;
using System.Security.Cryptography;
using Cairn.Contracts.Files;
using Cairn.Contracts.Secrets;
using BcX25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Cairn.Plugins.X25519;

/// <summary>
/// x25519 keys as text, in Bech32 like age's: public keys are <c>cairn1…</c> (lower case), secret keys
/// <c>CAIRN-SECRET-KEY-1…</c> (upper case), each holding 32 bytes and a checksum. A secret key file holds
/// one secret key line and may hold <c>#</c> comment lines (keygen writes the public key in one).
/// </summary>
internal static class X25519Keys
{
    public const int KeySize = 32;
    public const string PublicPrefix = "cairn";
    public const string SecretPrefix = "cairn-secret-key-";

    // A key file is about 150 bytes; the limit, the host's for secret files, keeps a wrong path (a disk,
    // /dev/zero) from being read into memory.
    private const int MaxKeyFileBytes = 64 * 1024;

    public static string EncodePublic(ReadOnlySpan<byte> publicKey) => Bech32.Encode(PublicPrefix, publicKey);

    public static string EncodeSecret(ReadOnlySpan<byte> secretKey) => Bech32.Encode(SecretPrefix, secretKey).ToUpperInvariant();

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(KeySize);

    public static byte[] PublicFromSecret(byte[] secretKey)
    {
        var publicKey = new byte[KeySize];
        BcX25519.ScalarMultBase(secretKey, 0, publicKey, 0);
        return publicKey;
    }

    /// <summary>The text of a new secret key file: when, the public key, the secret key.</summary>
    public static string SecretKeyFile(byte[] secretKey) =>
        string.Create(CultureInfo.InvariantCulture, $"# created: {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\n# public key: {EncodePublic(PublicFromSecret(secretKey))}\n{EncodeSecret(secretKey)}\n");

    /// <summary>Parses a public key. <paramref name="source"/> names where it came from, for the message.</summary>
    /// <exception cref="ArgumentException">Not a cairn1… public key; the message says why.</exception>
    public static byte[] ParsePublic(string text, string source)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith(SecretPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"x25519 {source}: this is a secret key (CAIRN-SECRET-KEY-1…), not a public key; `cairn keygen --public FILE` prints the public key.");
        }

        var data = Bech32.TryDecode(trimmed, PublicPrefix, mayQuote: true, out var problem);
        if (data is null || data.Length != KeySize)
        {
            throw new ArgumentException($"x25519 {source}: \"{Shorten(trimmed)}\" is not a cairn1… public key: {problem ?? $"it holds {data!.Length} bytes, not {KeySize}"}.");
        }

        return data;
    }

    /// <summary>Parses the text of a secret key file (comments allowed) or a bare secret key.</summary>
    /// <exception cref="ArgumentException">Not a secret key; the message says why and never contains the text.</exception>
    public static byte[] ParseSecret(Secret secret)
    {
        var lines = secret.Text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
        if (lines.Count != 1)
        {
            throw new ArgumentException($"x25519 secret key from {secret.Origin}: expected one CAIRN-SECRET-KEY-1… line, found {lines.Count} non-comment lines.");
        }

        if (lines[0].StartsWith(PublicPrefix + "1", StringComparison.Ordinal))
        {
            throw new ArgumentException($"x25519 secret key from {secret.Origin}: this is a public key (cairn1…); an identity needs the secret key.");
        }

        var data = Bech32.TryDecode(lines[0], SecretPrefix, mayQuote: false, out var problem);
        if (data is null || data.Length != KeySize)
        {
            throw new ArgumentException($"x25519 secret key from {secret.Origin} is not a CAIRN-SECRET-KEY-1… key: {problem ?? "it holds the wrong number of bytes"}.");
        }

        return data;
    }

    /// <summary>Reads a key file (its path is an option, never a secret itself).</summary>
    /// <exception cref="ArgumentException">It cannot be read, or is too large to be a key file.</exception>
    public static Secret ReadKeyFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = BoundedFile.ReadAllBytes(path, MaxKeyFileBytes);
        }
        catch (FileTooLargeException ex)
        {
            throw new ArgumentException($"x25519 option 'key-file': {path} is larger than a key file may be ({MaxKeyFileBytes} bytes).", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"x25519 option 'key-file': cannot read {path}: {ex.Message}", ex);
        }

        try
        {
            return new Secret(bytes, $"file {path}");
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");

}
