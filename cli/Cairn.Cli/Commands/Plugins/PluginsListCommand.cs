using System.ComponentModel;
using System.Text.Json;
using Cairn.Contracts.Plugins;
using Cairn.Hosting.Plugins;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Plugins;

/// <summary>
/// <c>cairn plugins list [--load] [--json] [--plugin-folder DIR]...</c>. Reads manifests only, unless
/// <c>--load</c> asks to load every plugin (showing its description, and any load failure as a problem).
/// Exits with <see cref="ExitCodes.PluginFailed"/> when a plugin has a problem, after listing everything.
/// </summary>
internal sealed class PluginsListCommand : Command<PluginsListCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var catalog = PluginCatalog.Discover(PluginFolders.Default(settings.PluginFolders));
        var problems = catalog.Problems.ToList();
        Dictionary<string, string>? descriptions = null;
        if (settings.Load)
        {
            descriptions = catalog.LoadAll<ICairnPlugin>(problems).ToDictionary(p => p.Id, p => p.Description, StringComparer.Ordinal);
        }

        using var output = Console.OpenStandardOutput();
        if (settings.Json)
        {
            WriteJson(catalog, problems, descriptions, output);
        }
        else
        {
            using var writer = new StreamWriter(output) { AutoFlush = false };
            WriteText(catalog, problems, descriptions, writer);
        }

        return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.PluginFailed;
    }

    private static void WriteText(PluginCatalog catalog, List<PluginProblem> problems, Dictionary<string, string>? descriptions, TextWriter writer)
    {
        if (catalog.Plugins.Count == 0)
        {
            writer.WriteLine($"no plugins found (searched {string.Join(", ", catalog.Folders)})");
        }
        else
        {
            var idWidth = Math.Max(2, catalog.Plugins.Max(p => p.Id.Length));
            var versionWidth = Math.Max(7, catalog.Plugins.Max(p => p.Version.Length));
            writer.WriteLine($"{"ID".PadRight(idWidth)}  {"KIND",-10}  {"VERSION".PadRight(versionWidth)}  FOLDER");
            foreach (var plugin in catalog.Plugins)
            {
                writer.WriteLine($"{plugin.Id.PadRight(idWidth)}  {plugin.KindName,-10}  {plugin.Version.PadRight(versionWidth)}  {plugin.Folder}");
                if (descriptions is not null && descriptions.TryGetValue(plugin.Id, out var description))
                {
                    writer.WriteLine($"{string.Empty.PadRight(idWidth)}  {description}");
                }
            }
        }

        if (problems.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("problems:");
            foreach (var problem in problems)
            {
                writer.WriteLine($"  {problem.Message}");
            }
        }

        writer.Flush();
    }

    private static void WriteJson(PluginCatalog catalog, List<PluginProblem> problems, Dictionary<string, string>? descriptions, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("plugins");
        foreach (var plugin in catalog.Plugins)
        {
            json.WriteStartObject();
            json.WriteString("id", plugin.Id);
            json.WriteString("kind", plugin.KindName);
            json.WriteString("version", plugin.Version);
            json.WriteNumber("contracts", plugin.Contracts);
            json.WriteString("folder", plugin.Folder);
            json.WriteString("assembly", plugin.Assembly);
            if (descriptions is not null && descriptions.TryGetValue(plugin.Id, out var description))
            {
                json.WriteString("description", description);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("problems");
        foreach (var problem in problems)
        {
            json.WriteStartObject();
            json.WriteString("folder", problem.Folder);
            if (problem.PluginId is null)
            {
                json.WriteNull("id");
            }
            else
            {
                json.WriteString("id", problem.PluginId);
            }

            json.WriteString("message", problem.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("folders");
        foreach (var folder in catalog.Folders)
        {
            json.WriteStringValue(folder);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.Write("\n"u8);
    }

    /// <summary>Options.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--load")]
        [Description("Also load every plugin (checks it works; shows its description).")]
        public bool Load { get; init; }

        [CommandOption("--json")]
        [Description("Write JSON: plugins, problems and the folders searched.")]
        public bool Json { get; init; }

        [CommandOption("--plugin-folder <DIR>")]
        [Description("Also search DIR (repeatable), after the default folders.")]
        public string[] PluginFolders { get; init; } = [];
    }
}
