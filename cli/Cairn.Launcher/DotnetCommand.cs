using System.Runtime.InteropServices;

namespace Cairn.Launcher;

/// <summary>Hands the command line to the .NET <c>cairn</c> with <c>execv</c>.</summary>
internal static partial class DotnetCommand
{
    /// <summary>The .NET command's file name, next to the native one in dist/.</summary>
    public const string FileName = "cairn-cli";

    /// <summary>Replaces this process with <paramref name="path"/>, passing <paramref name="args"/>; returns only on failure, with exit code 1.</summary>
    public static int Exec(string path, string[] args)
    {
        // argv[0] stays "cairn": it is what the user typed, and the .NET command finds itself through /proc/self/exe.
        string?[] argv = ["cairn", .. args, null];
        execv(path, argv);
        Console.Error.WriteLine($"cairn: cannot start {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        return 1;
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int execv(string path, string?[] argv);
}
