using Cairn.Contracts.Ciphers;

namespace Cairn.Engine.Repository;

/// <summary>
/// Turns a damaged set's error into the one a command reports, keeping its kind: bytes that do not
/// authenticate stay an <see cref="AuthenticationFailedException"/> (exit 3, tampering), anything else
/// becomes an <see cref="InvalidDataException"/> (exit 4, corrupt data).
/// </summary>
internal static class SetDamage
{
    /// <summary>An exception of <paramref name="damage"/>'s kind with <paramref name="message"/>, caused by it.</summary>
    public static Exception Report(Exception damage, string message) => damage is AuthenticationFailedException
        ? new AuthenticationFailedException(message, damage)
        : new InvalidDataException(message, damage);
}
