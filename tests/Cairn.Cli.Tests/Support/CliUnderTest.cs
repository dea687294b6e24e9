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

    /// <summary>
    /// Runs <paramref name="args"/> as the program does (exceptions propagate to <see cref="CliRunner"/>), and
    /// returns the exit code and the one-line error the program would print after "cairn: ", or null on success.
    /// </summary>
    public static (int ExitCode, string? Error) RunAsTheProgram(params string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.PropagateExceptions();
            CliConfiguration.Apply(config);
        });
        try
        {
            return (app.Run(args), null);
        }
        catch (Exception ex)
        {
            return CliRunner.Describe(ex);
        }
    }
}
