using System.Security.Cryptography;
using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Recipients;
using Cairn.Format.Crypto;
using Cairn.Format.Frames;
using Cairn.Format.Header;

namespace Cairn.Format.Reading;

/// <summary>
/// Opens a parsed header: unwraps the archive key with the first identity and stanza that fit, derives
/// the keys, checks the header tag, and makes frame codecs. Shared by every reader.
/// </summary>
internal sealed class VolumeUnlocker : IDisposable
{
    private readonly ArchiveHeader _header;
    private readonly IArchiveAlgorithms _algorithms;
    private readonly ICipherProvider? _cipher;

    private VolumeUnlocker(ArchiveHeader header, IArchiveAlgorithms algorithms, ICipherProvider? cipher, ArchiveKeys keys)
    {
        _header = header;
        _algorithms = algorithms;
        _cipher = cipher;
        Keys = keys;
    }

    public ArchiveKeys Keys { get; }

    /// <exception cref="NoMatchingKeyException">The volume is encrypted and no identity opens it.</exception>
    /// <exception cref="AuthenticationFailedException">
    /// An identity unwraps the archive key but the header does not authenticate, or the volume is not encrypted
    /// although identities were given (other than <see cref="OnDemandIdentity"/> ones).
    /// </exception>
    /// <exception cref="ArchiveFormatException">An unknown algorithm, or an unencrypted header whose checksum does not match.</exception>
    public static VolumeUnlocker Unlock(ArchiveHeader header, IArchiveAlgorithms algorithms, IReadOnlyList<IIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(algorithms);
        ArgumentNullException.ThrowIfNull(identities);
        algorithms.GetCompressor(header.CompressorId); // fail early on a missing plugin
        var encoded = header.Encoded.Span;
        Span<byte> tag = stackalloc byte[ArchiveHeaderLayout.TagLength];
        if (header.CipherId is null)
        {
            if (identities.Any(i => i is not OnDemandIdentity))
            {
                // Anyone can write an unencrypted volume: where keys are expected, reading one would let whoever
                // can write to the storage put their files in place of the owner's.
                throw new AuthenticationFailedException(
                    $"Volume {header.VolumeNumber} is not encrypted, but keys or passphrases were given: refusing it, since anyone could have written it.");
            }

            var keys = ArchiveKeys.Unencrypted;
            keys.ComputeHeaderTag(encoded[..^ArchiveHeaderLayout.TagLength], tag);
            if (!tag.SequenceEqual(encoded[^ArchiveHeaderLayout.TagLength..]))
            {
                throw new ArchiveFormatException("header tag", header.Length - ArchiveHeaderLayout.TagLength, "checksum mismatch: the header is damaged");
            }

            return new VolumeUnlocker(header, algorithms, null, keys);
        }

        var cipher = algorithms.GetCipher(header.CipherId);
        if (cipher.NonceSize < FrameNonce.MinimumSize)
        {
            throw new ArchiveFormatException($"The cipher '{cipher.Id}' has {cipher.NonceSize}-byte nonces; Cairn needs at least {FrameNonce.MinimumSize}.");
        }

        var archiveKey = new byte[cipher.KeySize];
        try
        {
            foreach (var identity in identities)
            {
                foreach (var stanza in header.Stanzas)
                {
                    if (!identity.TryUnwrap(stanza, archiveKey))
                    {
                        continue;
                    }

                    var keys = ArchiveKeys.Derive(archiveKey, header.KeySalt, header.SetId, header.VolumeNumber, cipher.KeySize);
                    keys.ComputeHeaderTag(encoded[..^ArchiveHeaderLayout.TagLength], tag);
                    if (CryptographicOperations.FixedTimeEquals(tag, encoded[^ArchiveHeaderLayout.TagLength..]))
                    {
                        return new VolumeUnlocker(header, algorithms, cipher, keys);
                    }

                    keys.Dispose();
                    throw new AuthenticationFailedException($"Volume {header.VolumeNumber}: the header does not authenticate (its algorithms or stanzas were altered).");
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(archiveKey);
        }

        var types = string.Join(", ", header.Stanzas.Select(s => s.Type).Distinct(StringComparer.Ordinal));
        throw new NoMatchingKeyException(identities.Count == 0
            ? $"Volume {header.VolumeNumber} is encrypted (recipients: {types}) and no key or passphrase was given."
            : $"Volume {header.VolumeNumber}: none of the {identities.Count} keys or passphrases given opens it (recipients: {types}); wrong passphrase or key?");
    }

    public FrameCodec CreateCodec() => new(
        _algorithms.GetCompressor(_header.CompressorId).Create(),
        _cipher?.CreateAead(Keys.FrameKey),
        _cipher?.TagSize ?? 0,
        _cipher?.NonceSize ?? 0,
        _header.Digest,
        _header.FrameSize);

    public void Dispose() => Keys.Dispose();
}
