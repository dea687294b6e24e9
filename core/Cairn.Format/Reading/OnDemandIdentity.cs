using Cairn.Contracts.Recipients;

namespace Cairn.Format.Reading;

/// <summary>
/// An identity that stands in until a volume turns out to need a key, and only then finds one (asks on the
/// terminal, say). Unlike the identities a profile or an option names, it does not say that the caller
/// expects encrypted volumes, so a reader given only these still reads unencrypted ones.
/// </summary>
public abstract class OnDemandIdentity : IIdentity
{
    /// <inheritdoc />
    public abstract bool TryUnwrap(RecipientStanza stanza, Span<byte> archiveKey);
}
