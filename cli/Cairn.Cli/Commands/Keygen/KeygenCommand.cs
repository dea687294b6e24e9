using System.ComponentModel;
using Cairn.Contracts.Recipients;
using Cairn.Contracts.Secrets;
using Cairn.Hosting.Plugins;
using Cairn.Hosting.Secrets;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Keygen;

/// <summary>
/// <c>cairn keygen [-o FILE] [--type x25519]</c>: makes a key pair, writes the secret key file (mode 0600,
/// never over an existing file; stdout without <c>-o</c>) and prints the public key.
/// <c>cairn keygen --public FILE</c>: prints the public key of a secret key file.
/// </summary>
internal sealed class KeygenCommand : Command<KeygenCommand.Settings>
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<KeygenCommand>("keygen")
            .WithDescription("Make a key pair for a public-key recipient (x25519), or print a secret key file's public key.");

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // Read like any secret file (at most SecretSources.MaxFileBytes, a warning when others can read it),
        // and before the plugins are searched: a wrong path is the error to report, whatever is installed.
        var secret = settings.PublicOf is { } secretFile
            ? SecretSources.Resolve(null, secretFile, "keygen --public", allowPrompt: false, wholeFile: true)
            : null;
        var catalog = PluginCatalog.Discover(PluginFolders.Default(settings.PluginFolders));
        var provider = catalog.Load<IRecipientProvider>(settings.Type);
        if (provider is not IRecipientKeyGenerator generator)
        {
            throw new ArgumentException($"recipient plugin '{settings.Type}' has no keys to generate (x25519 has)");
        }

        if (secret is not null)
        {
            Console.Out.WriteLine(generator.GetPublicKey(secret));
            return ExitCodes.Ok;
        }

        var pair = generator.GenerateKeyPair();
        if (settings.Output is { } path)
        {
            WriteSecretFile(path, pair.SecretKeyFile);
            Console.Out.WriteLine(pair.PublicKey);
        }
        else
        {
            // Like age-keygen: the key file on stdout, the public key on stderr so that it is seen but not captured.
            using var stdout = Console.OpenStandardOutput();
            stdout.Write(pair.SecretKeyFile.Bytes);
            Console.Error.WriteLine($"Public key: {pair.PublicKey}");
        }

        return ExitCodes.Ok;
    }

    private static void WriteSecretFile(string path, Secret content)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        FileStream stream;
        try
        {
            stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path) || Directory.Exists(path))
        {
            throw new IOException($"{path} already exists; cairn keygen never overwrites a key file");
        }

        using (stream)
        {
            stream.Write(content.Bytes);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Options.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("-o|--output <FILE>")]
        [Description("Write the secret key file to FILE (mode 0600; refuses to overwrite). Default: stdout.")]
        public string? Output { get; init; }

        [CommandOption("--public <FILE>")]
        [Description("Print the public key of the secret key file FILE instead of making a new pair.")]
        public string? PublicOf { get; init; }

        [CommandOption("--type <PLUGIN>")]
        [Description("The recipient plugin that makes the keys (default x25519).")]
        [DefaultValue("x25519")]
        public string Type { get; init; } = "x25519";

        [CommandOption("--plugin-folder <DIR>")]
        [Description("Also search DIR for plugins (repeatable).")]
        public string[] PluginFolders { get; init; } = [];

        public override Spectre.Console.ValidationResult Validate() =>
            Output is not null && PublicOf is not null
                ? Spectre.Console.ValidationResult.Error("--output and --public do not go together")
                : Spectre.Console.ValidationResult.Success();
    }
}
