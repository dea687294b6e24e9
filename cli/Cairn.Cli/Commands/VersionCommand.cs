using System.Reflection;
using Spectre.Console.Cli;

namespace Cairn.Cli;

/// <summary><c>cairn version</c>, and <c>cairn --version</c> (<see cref="CliConfiguration"/>).</summary>
internal sealed class VersionCommand : Command
{
    /// <summary>"cairn 0.1.0": the name and the version, without the build's commit suffix.</summary>
    public static string Text =>
        $"cairn {(typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0]}";

    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        Console.WriteLine(Text);
        return ExitCodes.Ok;
    }
}
