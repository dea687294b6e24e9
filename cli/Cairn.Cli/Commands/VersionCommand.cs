using System.Reflection;
using Spectre.Console.Cli;

namespace Cairn.Cli;

/// <summary><c>cairn version</c>.</summary>
internal sealed class VersionCommand : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        Console.WriteLine($"cairn {version.Split('+')[0]}");
        return ExitCodes.Ok;
    }
}
