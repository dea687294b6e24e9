using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cairn.Plugins.Zstd;

/// <summary>
/// The system's libzstd, through its stable one-shot API. On Debian and Ubuntu it is always installed
/// (dpkg itself depends on libzstd1), and it compresses the same frames with about three quarters of
/// ZstdSharp's CPU time, which is most of a full backup's.
/// </summary>
internal static partial class SystemZstd
{
    private const string Library = "libzstd.so.1";

    // ZSTD_compressCCtx, ZSTD_decompressDCtx and the rest below are stable since 1.3; 1.4 is the oldest
    // release still in any supported distribution.
    private const uint OldestVersion = 1_04_00;

    private static readonly Lazy<string?> LoadedVersion = new(Probe);

    /// <summary>The loaded library's version ("1.5.4"), or <see langword="null"/> when none loads.</summary>
    public static string? Version => LoadedVersion.Value;

    private static string? Probe()
    {
        try
        {
            var version = ZSTD_versionNumber();
            return version >= OldestVersion ? $"{version / 10000}.{version / 100 % 100}.{version % 100}" : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return null;
        }
    }

    /// <summary>Throws when <paramref name="code"/> is one of libzstd's error codes; returns it otherwise.</summary>
    public static int Check(nuint code, Func<string, Exception> failure)
    {
        if (ZSTD_isError(code) != 0)
        {
            throw failure(Marshal.PtrToStringUTF8(ZSTD_getErrorName(code)) ?? "unknown error");
        }

        return checked((int)code);
    }

    [LibraryImport(Library)]
    private static partial uint ZSTD_versionNumber();

    [LibraryImport(Library)]
    private static partial uint ZSTD_isError(nuint code);

    [LibraryImport(Library)]
    private static partial nint ZSTD_getErrorName(nuint code);

    [LibraryImport(Library)]
    internal static partial nuint ZSTD_compressBound(nuint sourceSize);

    [LibraryImport(Library)]
    internal static partial CompressionContext ZSTD_createCCtx();

    [LibraryImport(Library)]
    private static partial nuint ZSTD_freeCCtx(nint context);

    [LibraryImport(Library)]
    internal static partial DecompressionContext ZSTD_createDCtx();

    [LibraryImport(Library)]
    private static partial nuint ZSTD_freeDCtx(nint context);

    [LibraryImport(Library)]
    internal static unsafe partial nuint ZSTD_compressCCtx(CompressionContext context, byte* destination, nuint capacity, byte* source, nuint length, int level);

    [LibraryImport(Library)]
    internal static unsafe partial nuint ZSTD_decompressDCtx(DecompressionContext context, byte* destination, nuint capacity, byte* source, nuint length);

    /// <summary>A <c>ZSTD_CCtx*</c>, freed when disposed or finalized.</summary>
    internal sealed class CompressionContext() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
    {
        protected override bool ReleaseHandle() => ZSTD_freeCCtx(handle) == 0;
    }

    /// <summary>A <c>ZSTD_DCtx*</c>, freed when disposed or finalized.</summary>
    internal sealed class DecompressionContext() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
    {
        protected override bool ReleaseHandle() => ZSTD_freeDCtx(handle) == 0;
    }
}
