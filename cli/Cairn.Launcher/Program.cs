using Cairn.Launcher;
using Cairn.Rdiff;

if (args is ["rdiff", .. var rdiffArgs])
{
    return RdiffCommandLine.Run(rdiffArgs, Console.Out, Console.Error);
}

// Everything else is the .NET command beside this file; exec keeps the process (its id, signals, exit code).
var cli = Path.Combine(AppContext.BaseDirectory, DotnetCommand.FileName);
return DotnetCommand.Exec(cli, args);
