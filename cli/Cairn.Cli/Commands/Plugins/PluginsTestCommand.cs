using System.ComponentModel;
using System.Diagnostics;
using Cairn.Hosting.Backends.Conformance;
using Cairn.Hosting.Jobs;
using Cairn.Hosting.Plugins;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Plugins;

/// <summary>
/// <c>cairn plugins test BACKEND-ID --url URL [-o KEY=VALUE]...</c>: runs the backend conformance checks (the
/// same ones the xunit kit runs) against a live target. Each check works in a fresh scratch folder
/// <c>cairn-conformance-*</c> under the URL and removes what it wrote.
/// </summary>
internal sealed class PluginsTestCommand : AsyncCommand<PluginsTestCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var catalog = PluginCatalog.Discover(PluginFolders.Default(settings.PluginFolders));
        var url = ParseUrl(settings.Url);
        var options = ParseOptions(settings.Options);
        var interactive = !Console.IsInputRedirected;
        var suite = new BackendConformance(
            ScratchStores.Under(url, scratch => JobContext.OpenBackendPlugin(catalog, settings.BackendId, scratch, options, interactive)));

        var failed = 0;
        foreach (var check in suite.Checks)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await check.RunAsync(cancellationToken);
                Console.WriteLine($"pass  {check.Name} ({clock.ElapsedMilliseconds} ms)");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                Console.WriteLine($"FAIL  {check.Name}: {ex.Message.ReplaceLineEndings(" ")}");
            }
        }

        Console.WriteLine($"{suite.Checks.Count - failed} passed, {failed} failed");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.VerifyFailed;
    }

    private static Uri ParseUrl(string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && !url.IsFile)
        {
            return url;
        }

        // A plain path means the local backend's file: URL, as with --target.
        return new Uri(Path.GetFullPath(url?.LocalPath ?? text));
    }

    private static Dictionary<string, string> ParseOptions(IEnumerable<string> pairs)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--option takes KEY=VALUE, got '{pair}'.");
            }

            options[pair[..equals]] = pair[(equals + 1)..];
        }

        return options;
    }

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<BACKEND-ID>")]
        [Description("The backend plugin to check, for example local, sftp, s3.")]
        public string BackendId { get; init; } = string.Empty;

        [CommandOption("--url <URL>")]
        [Description("Where to run the checks: the plugin's URL (a scratch folder is made beneath it).")]
        public string Url { get; init; } = string.Empty;

        [CommandOption("-o|--option <KEY=VALUE>")]
        [Description("A backend option, as in a profile's target.options (secrets as NAME-env / NAME-file).")]
        public string[] Options { get; init; } = [];

        [CommandOption("--plugin-folder <DIR>")]
        [Description("An extra folder to search for plugins.")]
        public string[] PluginFolders { get; init; } = [];

        public override Spectre.Console.ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Url)
                ? Spectre.Console.ValidationResult.Error("--url is required: where to run the checks.")
                : Spectre.Console.ValidationResult.Success();
    }
}
