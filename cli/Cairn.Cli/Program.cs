using Cairn.Cli;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.PropagateExceptions();
    CliConfiguration.Apply(config);
});
return await CliRunner.RunAsync(app, args);
