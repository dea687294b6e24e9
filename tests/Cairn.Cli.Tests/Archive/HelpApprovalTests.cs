using Spectre.Console;
using Spectre.Console.Cli;

namespace Cairn.Cli.Tests.Archive;

/// <summary>The help of the archive commands, approved once: a change to options shows up in review.</summary>
public sealed class HelpApprovalTests
{
    [Theory]
    [InlineData("archive create")]
    [InlineData("archive extract")]
    [InlineData("archive list")]
    [InlineData("inspect")]
    public void Help_text_is_stable(string command)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 120;
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.ConfigureConsole(console);
            CliConfiguration.Apply(config);
        });

        app.Run([.. command.Split(' '), "--help"]);

        Golden.Verify($"help-{command.Replace(' ', '-')}.txt", string.Join('\n', output.ToString().Split('\n').Select(l => l.TrimEnd())));
    }
}
