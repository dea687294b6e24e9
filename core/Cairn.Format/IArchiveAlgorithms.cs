using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Compression;

namespace Cairn.Format;

/// <summary>Resolves the algorithm ids a volume header names to the plugins that implement them.</summary>
public interface IArchiveAlgorithms
{
    /// <summary>The compressor with id <paramref name="id"/>.</summary>
    /// <exception cref="ArchiveFormatException">No such compressor is installed.</exception>
    ICompressorProvider GetCompressor(string id);

    /// <summary>The cipher with id <paramref name="id"/>.</summary>
    /// <exception cref="ArchiveFormatException">No such cipher is installed.</exception>
    ICipherProvider GetCipher(string id);
}
