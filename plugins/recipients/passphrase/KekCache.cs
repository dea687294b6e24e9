using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Cairn.Plugins.Passphrase;

/// <summary>
/// The keks this process has derived, so that Argon2id runs once per (passphrase, salt, cost) whether
/// the recipient or the identity asks first: a backup that continues its chain's salt and then reads the
/// chain, or a restore that opens every set of a chain, derives one kek. Entries are keyed by an HMAC of
/// the salt and cost under the passphrase, so the table holds no passphrase.
/// </summary>
internal static class KekCache
{
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Keks = new(StringComparer.Ordinal);

    public static byte[] GetOrDerive(byte[] passphrase, ReadOnlySpan<byte> salt, Argon2Parameters parameters)
    {
        Span<byte> input = stackalloc byte[Argon2Parameters.EncodedSize + PassphraseStanza.SaltSize];
        parameters.Write(input);
        salt.CopyTo(input[Argon2Parameters.EncodedSize..]);
        var key = Convert.ToHexString(HMACSHA256.HashData(passphrase, input[..(Argon2Parameters.EncodedSize + salt.Length)]));
        var saltCopy = salt.ToArray();
        return Keks.GetOrAdd(key, _ => new Lazy<byte[]>(() => PassphraseStanza.DeriveKek(passphrase, saltCopy, parameters))).Value;
    }
}
