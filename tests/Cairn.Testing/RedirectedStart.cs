using System.Diagnostics;

namespace Cairn.Testing;

/// <summary>How the tests start a program: every stream redirected, arguments passed one by one (no shell).</summary>
public static class RedirectedStart
{
    /// <summary>The start information for <paramref name="fileName"/>, with <paramref name="environment"/> added to the inherited variables.</summary>
    public static ProcessStartInfo For(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }
}
