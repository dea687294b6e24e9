using Cairn.Cli;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("cairn");
    config.PropagateExceptions();
    // Each command group registers itself from its own folder under Commands/.
    CommandRegistry.Register(config);
});
return await CliRunner.RunAsync(app, args);
