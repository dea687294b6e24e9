using System.Buffers;
using System.Security.Cryptography;
using Cairn.Contracts.Ciphers;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using BcChaCha20Poly1305 = Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305;

namespace Cairn.Plugins.ChaCha20Poly1305;

/// <summary>
/// BouncyCastle's ChaCha20-Poly1305, for platforms whose crypto library lacks it. BouncyCastle writes
/// ciphertext and tag as one run, so each call goes through a pooled buffer.
/// </summary>
internal sealed class BouncyCastleChaCha20Poly1305Aead(ReadOnlySpan<byte> key) : IAead
{
    private readonly BcChaCha20Poly1305 _cipher = new();
    private readonly KeyParameter _key = new(key);
    private readonly byte[] _nonce = new byte[AeadArguments.NonceSize];

    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag)
    {
        AeadArguments.Check(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        Init(forEncryption: true, nonce, associatedData);
        var buffer = ArrayPool<byte>.Shared.Rent(plaintext.Length + AeadArguments.TagSize);
        try
        {
            var written = _cipher.ProcessBytes(plaintext, buffer);
            written += _cipher.DoFinal(buffer.AsSpan(written));
            buffer.AsSpan(0, plaintext.Length).CopyTo(ciphertext);
            buffer.AsSpan(plaintext.Length, AeadArguments.TagSize).CopyTo(tag);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    public void Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        AeadArguments.Check(nonce, ciphertext.Length, plaintext.Length, tag.Length);
        Init(forEncryption: false, nonce, associatedData);
        var buffer = ArrayPool<byte>.Shared.Rent(ciphertext.Length + AeadArguments.TagSize);
        try
        {
            var written = _cipher.ProcessBytes(ciphertext, buffer);
            written += _cipher.ProcessBytes(tag, buffer.AsSpan(written));
            _cipher.DoFinal(buffer.AsSpan(written));
            buffer.AsSpan(0, ciphertext.Length).CopyTo(plaintext);
        }
        catch (InvalidCipherTextException ex)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw AeadArguments.Failed(ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    public void Dispose()
    {
        // Nothing unmanaged; the key object lives until collected.
    }

    private void Init(bool forEncryption, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData)
    {
        nonce.CopyTo(_nonce);
        _cipher.Init(forEncryption, new ParametersWithIV(_key, _nonce));
        _cipher.ProcessAadBytes(associatedData);
    }
}
