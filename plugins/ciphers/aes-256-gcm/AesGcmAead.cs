using System.Security.Cryptography;
using Cairn.Contracts.Ciphers;

namespace Cairn.Plugins.AesGcm;

/// <summary>Adapts <see cref="System.Security.Cryptography.AesGcm"/> to the frame AEAD contract.</summary>
internal sealed class AesGcmAead(ReadOnlySpan<byte> key) : IAead
{
    private readonly System.Security.Cryptography.AesGcm _aes = new(key, tagSizeInBytes: 16);

    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag) =>
        _aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);

    public void Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        try
        {
            _aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new AuthenticationFailedException("AES-256-GCM: authentication failed (wrong key, or the data was altered).", ex);
        }
    }

    public void Dispose() => _aes.Dispose();
}
