using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.AesGcm;

/// <summary>AES-256-GCM from the BCL (OpenSSL underneath, AES-NI where the CPU has it): Cairn's default frame cipher.</summary>
public sealed class AesGcmCipherProvider : ICipherProvider
{
    /// <inheritdoc />
    public string Id => "aes-256-gcm";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Cipher;

    /// <inheritdoc />
    public string Description => "AES-256-GCM, 96-bit nonces, 128-bit tags";

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
            throw new ArgumentException($"AES-256-GCM needs a {KeySize}-byte key, got {key.Length}.", nameof(key));
        }

        return new AesGcmAead(key);
    }
}
