using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.ChaCha20Poly1305;

/// <summary>
/// ChaCha20-Poly1305 (RFC 8439): fast without AES hardware. Uses the BCL's implementation (OpenSSL on
/// Linux) when the platform has it, and BouncyCastle's otherwise; both produce the same bytes.
/// </summary>
public sealed class ChaCha20Poly1305CipherProvider : ICipherProvider
{
    private readonly bool _useBouncyCastle;

    /// <summary>Creates the provider; it picks the BCL implementation when the platform supports it.</summary>
    public ChaCha20Poly1305CipherProvider()
        : this(useBouncyCastle: !System.Security.Cryptography.ChaCha20Poly1305.IsSupported)
    {
    }

    internal ChaCha20Poly1305CipherProvider(bool useBouncyCastle)
    {
        _useBouncyCastle = useBouncyCastle;
    }

    /// <inheritdoc />
    public string Id => "chacha20-poly1305";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Cipher;

    /// <inheritdoc />
    public string Description => _useBouncyCastle
        ? "ChaCha20-Poly1305 (RFC 8439), 96-bit nonces, 128-bit tags (BouncyCastle)"
        : "ChaCha20-Poly1305 (RFC 8439), 96-bit nonces, 128-bit tags";

    /// <inheritdoc />
    public int KeySize => 32;

    /// <inheritdoc />
    public int NonceSize => 12;

    /// <inheritdoc />
    public int TagSize => 16;

    /// <inheritdoc />
    public IAead CreateAead(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"ChaCha20-Poly1305 needs a {KeySize}-byte key, got {key.Length}.", nameof(key));
        }

        return _useBouncyCastle ? new BouncyCastleChaCha20Poly1305Aead(key) : new BclChaCha20Poly1305Aead(key);
    }
}
