using Cairn.Cli;
using Cairn.Rdiff;
using Spectre.Console.Cli;

// rdiff keeps rdiff's own command line (see RdiffCommand); the native cairn (cli/Cairn.Launcher) runs it too.
if (args is ["rdiff", .. var rdiffArgs])
{
    return RdiffCommandLine.Run(rdiffArgs, Console.Out, Console.Error);
}

var app = new CommandApp();
app.Configure(config =>
{
    config.PropagateExceptions();
    CliConfiguration.Apply(config);
});
return await CliRunner.RunAsync(app, args);
