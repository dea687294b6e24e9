using Cairn.Contracts.Compression;
using Cairn.Contracts.Plugins;

namespace Cairn.Plugins.Zstd;

/// <summary>
/// Zstandard: Cairn's default compressor. Frames go through the system's libzstd when it loads (the
/// reference implementation, the fastest) and through ZstdSharp.Port, a pure C# port of it, everywhere
/// else. Both write standard zstd frames and read each other's; only the compressed bytes may differ.
/// <c>CAIRN_ZSTD=managed</c> (or <c>system</c>) in the environment overrides the choice.
/// </summary>
public sealed class ZstdCompressorProvider : ICompressorProvider
{
    /// <summary>The environment variable that overrides <see cref="ZstdImplementation.Auto"/>.</summary>
    public const string ImplementationVariable = "CAIRN_ZSTD";

    /// <summary>Chooses the implementation as <see cref="ZstdImplementation.Auto"/> says.</summary>
    public ZstdCompressorProvider()
        : this(ZstdImplementation.Auto)
    {
    }

    /// <summary>Uses <paramref name="implementation"/>.</summary>
    /// <exception cref="InvalidOperationException">The system's libzstd was asked for and does not load, or <c>CAIRN_ZSTD</c> names neither implementation.</exception>
    public ZstdCompressorProvider(ZstdImplementation implementation)
    {
        Implementation = Resolve(implementation, Environment.GetEnvironmentVariable(ImplementationVariable));
    }

    /// <summary>The implementation in use: <see cref="ZstdImplementation.System"/> or <see cref="ZstdImplementation.Managed"/>.</summary>
    public ZstdImplementation Implementation { get; }

    /// <inheritdoc />
    public string Id => "zstd";

    /// <inheritdoc />
    public PluginKind Kind => PluginKind.Compressor;

    /// <inheritdoc />
    public string Description => Implementation == ZstdImplementation.System
        ? $"Zstandard, levels 1-19 (default 3); system libzstd {SystemZstd.Version}"
        : "Zstandard, levels 1-19 (default 3); ZstdSharp";

    /// <inheritdoc />
    public int DefaultLevel => 3;

    /// <inheritdoc />
    public ICompressor Create(int? level = null)
    {
        var chosen = level ?? DefaultLevel;
        ArgumentOutOfRangeException.ThrowIfLessThan(chosen, 1, nameof(level));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chosen, 19, nameof(level));
        return Implementation == ZstdImplementation.System ? new SystemZstdCompressor(chosen) : new ManagedZstdCompressor(chosen);
    }

    /// <summary>The implementation <paramref name="requested"/> means, given the value of <c>CAIRN_ZSTD</c>.</summary>
    internal static ZstdImplementation Resolve(ZstdImplementation requested, string? setting)
    {
        if (requested == ZstdImplementation.Auto)
        {
            requested = setting switch
            {
                null or "" or "auto" => SystemZstd.Version is null ? ZstdImplementation.Managed : ZstdImplementation.System,
                "system" => ZstdImplementation.System,
                "managed" => ZstdImplementation.Managed,
                var other => throw new InvalidOperationException($"{ImplementationVariable}='{other}': expected 'system', 'managed' or 'auto'."),
            };
        }

        if (requested == ZstdImplementation.System && SystemZstd.Version is null)
        {
            throw new InvalidOperationException("zstd: the system's libzstd (libzstd.so.1, 1.4 or later) does not load; install libzstd1 or unset CAIRN_ZSTD.");
        }

        return requested;
    }
}
