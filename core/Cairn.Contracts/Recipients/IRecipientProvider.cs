using Cairn.Contracts.Plugins;

namespace Cairn.Contracts.Recipients;

/// <summary>
/// A recipient plugin. A recipient wraps a fresh archive key when writing (needing only public
/// material, so incrementals run without the private key); an identity unwraps it when reading.
/// </summary>
public interface IRecipientProvider : ICairnPlugin
{
    /// <summary>True when creating a recipient needs a secret (a passphrase); false for public keys.</summary>
    bool RecipientNeedsSecret { get; }

    /// <summary>Creates the writing side.</summary>
    /// <exception cref="ArgumentException">The settings are incomplete or malformed; the message names the option.</exception>
    IRecipient CreateRecipient(RecipientSettings settings);

    /// <summary>Creates the reading side.</summary>
    /// <exception cref="ArgumentException">The settings are incomplete or malformed; the message names the option.</exception>
    IIdentity CreateIdentity(RecipientSettings settings);
}
