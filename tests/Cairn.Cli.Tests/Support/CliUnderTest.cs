using Spectre.Console;
using Spectre.Console.Cli;

namespace Cairn.Cli.Tests.Support;

/// <summary>The cairn command line configured as the program configures it, writing plain text to a buffer.</summary>
internal static class CliUnderTest
{
    /// <summary>Runs <paramref name="args"/> and returns the exit code and everything written to the console.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
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
        var exitCode = app.Run(args);
        return (exitCode, output.ToString());
    }
}
