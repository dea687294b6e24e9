namespace Cairn.Contracts.Recipients;

/// <summary>Wraps archive keys for one recipient.</summary>
public interface IRecipient
{
    /// <summary>Wraps <paramref name="archiveKey"/> into a stanza for the archive header.</summary>
    /// <remarks>
    /// May be called from several threads at once: a backup wraps a throwaway key as it starts, so that a
    /// costly derivation (a passphrase's) is under way by the first volume, whose header wraps the real one.
    /// A recipient with such a derivation should run it once per instance and share the result.
    /// </remarks>
    RecipientStanza Wrap(ReadOnlySpan<byte> archiveKey);

    /// <summary>
    /// The recipient to use for the next set of a chain whose previous set carries <paramref name="earlier"/>
    /// in its headers. A recipient with a costly derivation (a passphrase) returns one that reuses the
    /// derivation inputs of its own earlier stanza when they still match its settings, so that reading the
    /// whole chain derives one key rather than one per set; it must keep every other property of a fresh
    /// recipient (a unique nonce per stanza). A recipient that can tell its secret does not open the previous
    /// set (another passphrase) refuses to continue the chain: its <see cref="Wrap"/> throws
    /// <see cref="Ciphers.AuthenticationFailedException"/>, because a chain whose sets need different secrets cannot be
    /// restored with either. The default, right for public keys (the writer holds no secret to test with),
    /// returns this recipient.
    /// </summary>
    /// <param name="earlier">The stanzas of the previous set's header (untrusted: only parse them).</param>
    IRecipient ContinueFrom(IReadOnlyList<RecipientStanza> earlier) => this;
}
