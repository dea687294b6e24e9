using System.Security.Cryptography;
using Cairn.Contracts.Ciphers;

namespace Cairn.Plugins.ChaCha20Poly1305;

/// <summary>Adapts <see cref="System.Security.Cryptography.ChaCha20Poly1305"/> (OpenSSL on Linux) to the frame AEAD contract.</summary>
internal sealed class BclChaCha20Poly1305Aead(ReadOnlySpan<byte> key) : IAead
{
    private readonly System.Security.Cryptography.ChaCha20Poly1305 _cipher = new(key);

    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag)
    {
        AeadArguments.Check(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        _cipher.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
    }

    public void Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        AeadArguments.Check(nonce, ciphertext.Length, plaintext.Length, tag.Length);
        try
        {
            _cipher.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw AeadArguments.Failed(ex);
        }
    }

    public void Dispose() => _cipher.Dispose();
}
