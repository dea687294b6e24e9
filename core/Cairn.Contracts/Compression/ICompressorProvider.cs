using Cairn.Contracts.Plugins;

namespace Cairn.Contracts.Compression;

/// <summary>A compressor plugin: creates compressors for archive frames.</summary>
public interface ICompressorProvider : ICairnPlugin
{
    /// <summary>The level used when a profile or command does not name one.</summary>
    int DefaultLevel { get; }

    /// <summary>Creates a compressor. Compressors are not thread-safe: create one per worker.</summary>
    /// <param name="level">The compression level, or <see langword="null"/> for <see cref="DefaultLevel"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The level is not supported by this compressor.</exception>
    ICompressor Create(int? level = null);
}
