using System.Text.Json;
using Cairn.Contracts;
using Cairn.Contracts.Files;

namespace Cairn.Hosting.Plugins;

/// <summary>Reads and checks one <c>cairn-plugin.json</c>. Nothing is loaded: only the file is read.</summary>
internal static class PluginManifestReader
{
    // A manifest is a few hundred bytes; anything far larger is not one, and is not read into memory.
    private const int MaxManifestBytes = 64 * 1024;

    /// <summary>Reads the manifest in <paramref name="folder"/>; on failure returns null and a one-line problem.</summary>
    public static PluginManifest? TryRead(string folder, out PluginProblem? problem)
    {
        problem = null;
        var path = Path.Combine(folder, PluginManifest.FileName);
        string? id = null;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                problem = new PluginProblem(folder, null, $"plugin folder {folder} has no {PluginManifest.FileName}");
                return null;
            }

            // Bounded whatever the file is: a pipe or a device (a link to /dev/zero) has no length to check first.
            using var document = JsonDocument.Parse(BoundedFile.ReadAllBytes(path, MaxManifestBytes));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ManifestException("it is not a JSON object");
            }

            id = ReadString(root, "id");
            if (!IsValidId(id))
            {
                var shown = id;
                id = null;
                throw new ManifestException($"\"id\" must be lower-case letters, digits, '-', '_' or '.', got \"{shown}\"");
            }

            var kindName = ReadString(root, "kind");
            if (!PluginKinds.TryParse(kindName, out var kind))
            {
                throw new ManifestException($"\"kind\" must be compressor, cipher, recipient or backend, got \"{kindName}\"");
            }

            var version = ReadString(root, "version");
            if (!root.TryGetProperty("contracts", out var contractsElement) || contractsElement.ValueKind != JsonValueKind.Number ||
                !contractsElement.TryGetInt32(out var contracts))
            {
                throw new ManifestException("\"contracts\" must be a whole number");
            }

            var assembly = ReadString(root, "assembly");
            if (assembly.Length == 0 || assembly != Path.GetFileName(assembly) || assembly is "." or ".." ||
                !assembly.EndsWith(".dll", StringComparison.Ordinal))
            {
                throw new ManifestException($"\"assembly\" must be a .dll file name in the plugin's folder, got \"{assembly}\"");
            }

            if (contracts != ContractsVersion.Current)
            {
                problem = new PluginProblem(folder, id, $"plugin '{id}' in {folder} was built for contracts {contracts}, this Cairn has {ContractsVersion.Current}");
                return null;
            }

            var manifest = new PluginManifest(id, kind, version, contracts, assembly, folder);
            if (!File.Exists(manifest.AssemblyPath))
            {
                problem = new PluginProblem(folder, id, $"plugin '{id}' in {folder}: its assembly {assembly} is missing");
                return null;
            }

            return manifest;
        }
        catch (Exception ex) when (ex is JsonException or ManifestException)
        {
            var who = id is null ? $"plugin manifest {path}" : $"plugin '{id}' in {folder}: manifest";
            problem = new PluginProblem(folder, id, $"{who} is malformed: {OneLine(ex.Message)}");
            return null;
        }
        catch (FileTooLargeException)
        {
            problem = new PluginProblem(folder, id, $"plugin manifest {path} is malformed: it holds more than {MaxManifestBytes} bytes, too large for a manifest");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = new PluginProblem(folder, id, $"plugin manifest {path} cannot be read: {OneLine(ex.Message)}");
            return null;
        }
    }

    /// <summary>Plugin ids are short, lower case and safe in file names and headers.</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 64 && char.IsAsciiLetterLower(id[0]) &&
        id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.');

    private static string ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new ManifestException($"\"{name}\" is missing or not a string");

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private sealed class ManifestException(string message) : Exception(message);
}
