using Cairn.Contracts.Ciphers;

namespace Cairn.Plugins.ChaCha20Poly1305;

/// <summary>The span length checks both implementations make, so that they fail alike.</summary>
internal static class AeadArguments
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    public static void Check(ReadOnlySpan<byte> nonce, int inputLength, int outputLength, int tagLength)
    {
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"ChaCha20-Poly1305 needs a {NonceSize}-byte nonce, got {nonce.Length}.", nameof(nonce));
        }

        if (tagLength != TagSize)
        {
            throw new ArgumentException($"ChaCha20-Poly1305 tags are {TagSize} bytes, got a {tagLength}-byte span.", "tag");
        }

        if (inputLength != outputLength)
        {
            throw new ArgumentException($"Input ({inputLength} bytes) and output ({outputLength} bytes) must have the same length.");
        }
    }

    public static AuthenticationFailedException Failed(Exception? inner = null) =>
        inner is null
            ? new("ChaCha20-Poly1305: authentication failed (wrong key, or the data was altered).")
            : new("ChaCha20-Poly1305: authentication failed (wrong key, or the data was altered).", inner);
}
