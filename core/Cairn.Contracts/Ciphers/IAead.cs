namespace Cairn.Contracts.Ciphers;

/// <summary>An authenticated cipher with associated data, bound to one key.</summary>
public interface IAead : IDisposable
{
    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> and writes the tag to <paramref name="tag"/>.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length (ciphertext must equal plaintext in length).</exception>
    void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag);

    /// <summary>Checks <paramref name="tag"/> and decrypts <paramref name="ciphertext"/> into <paramref name="plaintext"/>.</summary>
    /// <exception cref="AuthenticationFailedException">The tag does not match: wrong key, or the data or associated data was altered.</exception>
    void Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext);
}
