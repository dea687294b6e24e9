using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Compression;

namespace Cairn.Format;

/// <summary>An <see cref="IArchiveAlgorithms"/> over a fixed set of providers (loaded plugins, or test references).</summary>
public sealed class ArchiveAlgorithms : IArchiveAlgorithms
{
    private readonly Dictionary<string, ICompressorProvider> _compressors;
    private readonly Dictionary<string, ICipherProvider> _ciphers;

    /// <summary>Creates the resolver; later providers with the same id win.</summary>
    public ArchiveAlgorithms(IEnumerable<ICompressorProvider> compressors, IEnumerable<ICipherProvider> ciphers)
    {
        ArgumentNullException.ThrowIfNull(compressors);
        ArgumentNullException.ThrowIfNull(ciphers);
        _compressors = new(StringComparer.Ordinal);
        _ciphers = new(StringComparer.Ordinal);
        foreach (var compressor in compressors)
        {
            _compressors[compressor.Id] = compressor;
        }

        foreach (var cipher in ciphers)
        {
            _ciphers[cipher.Id] = cipher;
        }
    }

    /// <inheritdoc />
    public ICompressorProvider GetCompressor(string id) =>
        _compressors.TryGetValue(id, out var provider)
            ? provider
            : throw new ArchiveFormatException($"The archive is compressed with '{id}', and no compressor plugin '{id}' is installed (have: {string.Join(", ", _compressors.Keys.Order(StringComparer.Ordinal))}).");

    /// <inheritdoc />
    public ICipherProvider GetCipher(string id) =>
        _ciphers.TryGetValue(id, out var provider)
            ? provider
            : throw new ArchiveFormatException($"The archive is encrypted with '{id}', and no cipher plugin '{id}' is installed (have: {string.Join(", ", _ciphers.Keys.Order(StringComparer.Ordinal))}).");
}
