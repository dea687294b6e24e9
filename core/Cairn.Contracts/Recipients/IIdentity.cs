namespace Cairn.Contracts.Recipients;

/// <summary>Unwraps archive keys: a passphrase, a private key.</summary>
public interface IIdentity
{
    /// <summary>
    /// Tries to unwrap <paramref name="stanza"/>. Returns false when the stanza is not for this identity
    /// or does not open with it (wrong passphrase), so that the next stanza can be tried.
    /// </summary>
    /// <param name="stanza">A stanza from the archive header; its body is untrusted input.</param>
    /// <param name="archiveKey">Receives the archive key; its length is the key size the archive declares.</param>
    bool TryUnwrap(RecipientStanza stanza, Span<byte> archiveKey);
}
