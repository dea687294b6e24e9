using Cairn.Cli;
using Cairn.Cli.Commands.Backup;
using Cairn.Cli.Commands.HeadStart;
using Cairn.Engine.Repository;
using Cairn.Rdiff;
using Spectre.Console.Cli;

// rdiff keeps rdiff's own command line (see RdiffCommand); the native cairn (cli/Cairn.Launcher) runs it too.
if (args is ["rdiff", .. var rdiffArgs])
{
    return RdiffCommandLine.Run(rdiffArgs, Console.Out, Console.Error);
}

// A restore's, a backup's, a status's or a list's session, and a restore's or a full backup's key derivation, start on
// the core that would wait while Spectre.Console.Cli parses the command line (HeadStarts).
var derivesKey = HeadStarts.Begin(args);

// That core also builds the manifests' serializer, for the commands that read manifests. Measured, 20 alternating runs
// each on the bench corpus: `status` 244 -> 199 ms, `list` 192 -> 165 ms. Not when the head start derives a key: the
// derivation needs the core more (30 alternating single-file restores, 246 -> 227 ms and 313 -> 301 ms without the
// warm-up; `list` 149 -> 143 ms with it, so status and list keep it).
if (!derivesKey && EngineCommands.AreRunBy(args))
{
    _ = Task.Run(SetManifest.PrepareSerializer);
}

// And a command that draws a table has Spectre.Console draw one off screen first (Display.PrepareTables). 20
// alternating `status` runs each: 163 -> 151 ms.
if (EngineCommands.DrawTables(args))
{
    _ = Task.Run(Display.PrepareTables);
}

var app = new CommandApp();
app.Configure(config =>
{
    config.PropagateExceptions();
    CliConfiguration.Apply(config);
});
return await CliRunner.RunAsync(app, args);
