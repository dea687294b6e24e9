using System.Security.Cryptography;
using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Recipients;

namespace Cairn.Plugins.Passphrase;

/// <summary>
/// Wraps archive keys with a passphrase. Argon2id runs once per instance (one salt), so a backup that
/// writes many volumes pays for it once; each stanza then gets its own random nonce.
/// </summary>
internal sealed class PassphraseRecipient : IRecipient
{
    private readonly byte[] _passphrase;
    private readonly Argon2Parameters _parameters;
    private readonly Lazy<(byte[] Salt, byte[] Kek)> _derivation;

    public PassphraseRecipient(byte[] passphrase, Argon2Parameters parameters)
        : this(passphrase, parameters, earlier: [])
    {
    }

    private PassphraseRecipient(byte[] passphrase, Argon2Parameters parameters, IReadOnlyList<RecipientStanza> earlier)
    {
        _passphrase = passphrase;
        _parameters = parameters;
        _derivation = new Lazy<(byte[], byte[])>(() => Derive(earlier));
    }

    public RecipientStanza Wrap(ReadOnlySpan<byte> archiveKey)
    {
        var (salt, kek) = _derivation.Value;
        return new("passphrase", PassphraseStanza.Seal(kek, _parameters, salt, archiveKey));
    }

    /// <summary>
    /// Carries on from the previous set's passphrase stanza. The passphrase must open it: a chain whose
    /// sets need different passphrases cannot be restored with either one, so continuing it with another
    /// passphrase is refused (at the first <see cref="Wrap"/>, with <see cref="AuthenticationFailedException"/>);
    /// a new passphrase starts a new chain with a full backup. When the stanza has this recipient's cost its
    /// salt is carried on, so a restore of the chain derives one kek; a salt is only carried on from a stanza
    /// that opens, so one planted on the target with a chosen salt (to aim a precomputed dictionary at it)
    /// is never adopted. Nonces stay random per stanza, so one kek wrapping the keys of many sets is no
    /// weaker than one wrapping the many volumes of one set. The derivation starts at once on a worker
    /// thread: it runs while the tree is scanned rather than in front of the first volume.
    /// </summary>
    public IRecipient ContinueFrom(IReadOnlyList<RecipientStanza> earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var stanzas = earlier.Where(s => s.Type == "passphrase" && PassphraseStanza.TryReadDerivation(s.Body, out _, out _)).ToList();
        if (stanzas.Count == 0)
        {
            return this;
        }

        // Stanzas with this cost first: the one that opens gives its salt, and its derivation serves both.
        var ordered = stanzas.OrderBy(s => PassphraseStanza.TryReadDerivation(s.Body, out var parameters, out _) && parameters == _parameters ? 0 : 1).ToList();
        var continued = new PassphraseRecipient(_passphrase, _parameters, ordered);
        continued.StartDerivation();
        return continued;
    }

    private void StartDerivation() => ThreadPool.QueueUserWorkItem(
        static self =>
        {
            try
            {
                _ = self._derivation.Value;
            }
            catch (AuthenticationFailedException)
            {
                // Kept by the Lazy: Wrap throws it again, on the backup's path.
            }
        },
        this,
        preferLocal: false);

    private (byte[] Salt, byte[] Kek) Derive(IReadOnlyList<RecipientStanza> earlier)
    {
        foreach (var stanza in earlier)
        {
            if (TryOpenEarlier(stanza, out var parameters, out var salt, out var kek))
            {
                return parameters == _parameters ? (salt, kek) : DeriveFresh();
            }
        }

        return earlier.Count == 0 ? DeriveFresh() : throw new AuthenticationFailedException(
            "The passphrase does not open the previous backup of this chain. Back up with the passphrase the chain was made with, "
            + "or start a new chain with a full backup (--full) to change it.");
    }

    private (byte[] Salt, byte[] Kek) DeriveFresh()
    {
        var salt = RandomNumberGenerator.GetBytes(PassphraseStanza.SaltSize);
        return (salt, KekCache.GetOrDerive(_passphrase, salt, _parameters));
    }

    private bool TryOpenEarlier(RecipientStanza stanza, out Argon2Parameters parameters, out byte[] salt, out byte[] kek)
    {
        kek = [];
        if (!PassphraseStanza.TryReadDerivation(stanza.Body, out parameters, out salt))
        {
            return false;
        }

        kek = KekCache.GetOrDerive(_passphrase, salt, parameters);
        var probe = new byte[PassphraseStanza.WrappedKeyLength(stanza.Body)];
        var opens = probe.Length > 0 && PassphraseStanza.TryOpen(kek, stanza.Body, probe);
        CryptographicOperations.ZeroMemory(probe);
        return opens;
    }
}
