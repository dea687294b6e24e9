using System.Globalization;
using System.Runtime.InteropServices;

namespace Cairn.Launcher;

/// <summary>Hands the command line to the .NET <c>cairn</c> with <c>execv</c>.</summary>
internal static partial class DotnetCommand
{
    /// <summary>The .NET command's file name, next to the native one in dist/.</summary>
    public const string FileName = "cairn-cli";

    /// <summary>
    /// Set to this process's id just before the exec. An exec keeps the id, so a front that starts and finds its own id
    /// here was exec'd by itself: <see cref="FileName"/> is a copy of the front, not the .NET command, and handing on
    /// again would loop for ever. Any other process that inherits the variable has another id.
    /// </summary>
    private const string HandedOnBy = "CAIRN_FRONT_EXEC_PID";

    /// <summary>Replaces this process with <paramref name="path"/>, passing <paramref name="args"/>; returns only on failure, with exit code 1.</summary>
    public static int Exec(string path, string[] args)
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (Environment.GetEnvironmentVariable(HandedOnBy) == self)
        {
            Console.Error.WriteLine($"cairn: {path} is not the .NET command but another copy of this front (an interrupted or concurrent ./build.sh?); run ./build.sh again.");
            return 1;
        }

        // Environment.SetEnvironmentVariable does not reach the environment execv passes on; setenv does.
        setenv(HandedOnBy, self, 1);

        // argv[0] stays "cairn": it is what the user typed, and the .NET command finds itself through /proc/self/exe.
        string?[] argv = ["cairn", .. args, null];
        execv(path, argv);
        Console.Error.WriteLine($"cairn: cannot start {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        return 1;
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int execv(string path, string?[] argv);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
