namespace Cairn.Plugins.Zstd;

/// <summary>Which zstd library compresses and decompresses the frames. Both write standard zstd frames and read each other's.</summary>
public enum ZstdImplementation
{
    /// <summary>The system's libzstd when it loads, ZstdSharp otherwise (or as <c>CAIRN_ZSTD</c> says).</summary>
    Auto,

    /// <summary>The system's libzstd (<c>libzstd.so.1</c>, 1.4 or later); fails when it is missing.</summary>
    System,

    /// <summary>ZstdSharp, the pure C# port: the same on every machine.</summary>
    Managed,
}
