using System.Runtime.InteropServices;
using System.Text;
using Cairn.Format.Entries;

namespace Cairn.Engine.FileSystem.Native;

/// <summary>Turns an errno into the .NET exception a caller expects, naming the operation and the path.</summary>
internal static class NativeErrors
{
    /// <summary>The message for an errno (strerror).</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>An exception for a failed call.</summary>
    /// <param name="errno">The error number.</param>
    /// <param name="operation">What was attempted, for example "open".</param>
    /// <param name="path">The path concerned (display form).</param>
    public static Exception ToException(int errno, string operation, string path)
    {
        string message = $"{operation} '{path}': {Describe(errno)}";
        return errno switch
        {
            LibC.ENOENT => new FileNotFoundException(message, path),
            LibC.EACCES or LibC.EPERM => new UnauthorizedAccessException(message),
            _ => new IOException(message, errno),
        };
    }

    /// <summary>The last errno of a P/Invoke call.</summary>
    public static int Last => Marshal.GetLastPInvokeError();

    /// <summary>Raw path bytes as text for messages and display (invalid UTF-8 becomes U+FFFD).</summary>
    public static string Display(ReadOnlySpan<byte> path)
    {
        int end = path.IndexOf((byte)0);
        return PathDisplay.Of(end >= 0 ? path[..end] : path);
    }
}
