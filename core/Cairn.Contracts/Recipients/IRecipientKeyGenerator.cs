using Cairn.Contracts.Secrets;

namespace Cairn.Contracts.Recipients;

/// <summary>
/// Optional: a recipient provider that can make key pairs (<c>cairn keygen</c>). The host checks for it
/// with a type test on the loaded <see cref="IRecipientProvider"/>; plugins without keys (a passphrase)
/// simply do not implement it.
/// </summary>
public interface IRecipientKeyGenerator
{
    /// <summary>Generates a new key pair.</summary>
    GeneratedKeyPair GenerateKeyPair();

    /// <summary>Reads a secret key (the text of a secret key file) and returns its public key, as a recipient names it.</summary>
    /// <exception cref="ArgumentException">The secret key is malformed; the message never contains it.</exception>
    string GetPublicKey(Secret secretKey);
}

/// <summary>A new key pair.</summary>
/// <param name="SecretKeyFile">The full text of the secret key file to write (mode 0600).</param>
/// <param name="PublicKey">The public key, for a profile's recipient or to share.</param>
public sealed record GeneratedKeyPair(Secret SecretKeyFile, string PublicKey);
