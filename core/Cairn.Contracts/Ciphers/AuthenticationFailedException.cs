using System.Security.Cryptography;

namespace Cairn.Contracts.Ciphers;

/// <summary>
/// Data did not authenticate: the key is wrong, or the bytes were altered. Distinct from a format
/// error so that callers can tell "wrong passphrase or tampering" from "not a Cairn archive".
/// </summary>
public class AuthenticationFailedException : CryptographicException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AuthenticationFailedException()
        : base("Authentication failed: wrong key, or the data was altered.")
    {
    }

    /// <summary>Creates the exception with a message naming what failed to authenticate.</summary>
    public AuthenticationFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public AuthenticationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
