using Cairn.Contracts.Ciphers;

namespace Cairn.Format;

/// <summary>
/// An encrypted volume that none of the keys or passphrases given opens: no identity unwraps any of its
/// stanzas, or none was given. Nothing is known to be wrong with the volume; it was made for other keys (a
/// set from before a passphrase change, say). Its base, <see cref="AuthenticationFailedException"/>, also
/// means tampering: a key that unwraps the archive key but a header or frame that does not authenticate,
/// or an unencrypted volume where keys were given. Callers that may skip what they cannot open (the target's
/// listing) catch only this one.
/// </summary>
public sealed class NoMatchingKeyException : AuthenticationFailedException
{
    /// <summary>Creates the exception with a default message.</summary>
    public NoMatchingKeyException()
        : base("None of the keys or passphrases given opens the volume.")
    {
    }

    /// <summary>Creates the exception with a message naming the volume and its recipients.</summary>
    public NoMatchingKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public NoMatchingKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
