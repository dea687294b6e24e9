using Cairn.Contracts.Plugins;

namespace Cairn.Contracts.Ciphers;

/// <summary>A cipher plugin: an AEAD used to seal archive frames with keys derived by the format.</summary>
public interface ICipherProvider : ICairnPlugin
{
    /// <summary>Key size in bytes (32 for every cipher Cairn ships).</summary>
    int KeySize { get; }

    /// <summary>Nonce size in bytes (12 for AES-256-GCM and ChaCha20-Poly1305).</summary>
    int NonceSize { get; }

    /// <summary>Authentication tag size in bytes (16 for both).</summary>
    int TagSize { get; }

    /// <summary>Creates an AEAD bound to <paramref name="key"/>. Instances are not thread-safe.</summary>
    /// <exception cref="ArgumentException">The key is not <see cref="KeySize"/> bytes.</exception>
    IAead CreateAead(ReadOnlySpan<byte> key);
}
