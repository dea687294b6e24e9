using System.ComponentModel;
using System.Text;
using Cairn.Engine.FileSystem;
using Cairn.Format;
using Cairn.Format.Entries;
using Spectre.Console.Cli;

namespace Cairn.Cli.Commands.Archive;

/// <summary><c>cairn archive create -f OUT [--compress zstd[:LEVEL]] [--passphrase-env VAR] PATH...</c>.</summary>
internal sealed class ArchiveCreateCommand : Command<ArchiveCreateCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var plugins = new ArchivePlugins();
        var (compressor, level) = plugins.ParseCompression(settings.Compress);
        var passphrase = ArchivePlugins.PassphraseFromEnvironment(settings.PassphraseEnv);
        var options = new ArchiveWriterOptions
        {
            Compressor = compressor,
            CompressionLevel = level,
            Encryption = passphrase is null ? null : new ArchiveEncryption(plugins.GetCipher(settings.Cipher), [plugins.PassphraseRecipient(passphrase)]),
            FrameSize = settings.FrameSize,
        };
        var roots = settings.Paths.Select(p => Path.GetFullPath(p)).ToList();
        foreach (var root in roots.Where(r => !Path.Exists(r) && new FileInfo(r).LinkTarget is null))
        {
            throw new FileNotFoundException($"'{root}' does not exist.");
        }

        using var output = ArchiveFiles.IsStandardStream(settings.File) ? Console.OpenStandardOutput() : new FileStream(settings.File, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new ArchiveWriter(output, options);
        // As tar does, the archive leaves itself out when it is written inside a folder it stores (standard output
        // redirected to a file there included).
        var archive = ArchiveFiles.IsStandardStream(settings.File) ? ObjectIdentity.OfDescriptor(1) : ObjectIdentity.Of(settings.File);
        var warnings = 0;
        foreach (var root in roots)
        {
            var name = Encoding.UTF8.GetBytes(Path.GetFileName(root.TrimEnd('/')) is { Length: > 0 } n ? n : "root");
            var scanOptions = new TreeScannerOptions
            {
                OnWarning = w => { warnings++; Console.Error.WriteLine($"cairn: warning: {w}"); },
                LeaveOut = archive is { } self ? [self] : [],
                OnLeftOut = (path, _) => Console.Error.WriteLine($"cairn: {Encoding.UTF8.GetString(Prefix(name, Encoding.UTF8.GetBytes(path)))}: is the archive being written; left out"),
            };
            foreach (var scanned in Scan(root, scanOptions))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var metadata = scanned.Metadata with
                {
                    Path = Prefix(name, scanned.Metadata.Path),
                    LinkTarget = scanned.Metadata.Type == EntryType.HardLink ? Prefix(name, scanned.Metadata.LinkTarget!) : scanned.Metadata.LinkTarget,
                };
                if (metadata.Type != EntryType.File)
                {
                    writer.AddEntry(metadata, null);
                    continue;
                }

                using var entry = writer.BeginEntry(metadata);
                try
                {
                    using var content = scanned.OpenContent();
                    content.CopyTo(entry, 1 << 20);
                    if (ChangeWhileRead.Describe(scanned, content, content.Position) is { } change)
                    {
                        warnings++;
                        Console.Error.WriteLine($"cairn: warning: {scanned.FullPath}: {change}");
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    warnings++;
                    Console.Error.WriteLine($"cairn: warning: {scanned.FullPath}: {ex.Message} (stored with the data read so far)");
                }
            }
        }

        var summary = writer.Finish();
        if (!ArchiveFiles.IsStandardStream(settings.File))
        {
            Console.Error.WriteLine($"cairn: {summary.EntryCount} entries, {summary.Length} bytes, {summary.FrameCount} frames{(options.Encryption is null ? ", not encrypted" : string.Empty)}");
        }

        return warnings == 0 ? ExitCodes.Ok : ExitCodes.Error;
    }

    /// <summary>A directory (or a symlink to one) is walked; anything else is stored as itself, like tar.</summary>
    private static IEnumerable<ScannedEntry> Scan(string root, TreeScannerOptions options) =>
        Directory.Exists(root) ? new TreeScanner(root, options).Scan() : [TreeScanner.DescribeOne(root, options)!];

    private static byte[] Prefix(byte[] name, byte[] relative) =>
        relative.Length == 0 ? name : [.. name, (byte)'/', .. relative];

    internal sealed class Settings : CommandSettings
    {
        [CommandOption("-f|--file <OUT>")]
        [Description("The archive to write ('-': standard output).")]
        public string File { get; init; } = string.Empty;

        [CommandOption("--compress <ALG>")]
        [Description("Compressor plugin and optional level: zstd[[:LEVEL]] (default zstd), gzip, brotli, none.")]
        public string Compress { get; init; } = "zstd";

        [CommandOption("--cipher <ALG>")]
        [Description("Cipher plugin when encrypting (default aes-256-gcm).")]
        public string Cipher { get; init; } = "aes-256-gcm";

        [CommandOption("--passphrase-env <VAR>")]
        [Description("Encrypt with the passphrase in environment variable VAR (asks on a terminal if VAR is unset).")]
        public string? PassphraseEnv { get; init; }

        [CommandOption("--frame-size <BYTES>")]
        [Description("Plaintext bytes per frame (default 1048576).")]
        public int FrameSize { get; init; } = ArchiveWriterOptions.DefaultFrameSize;

        [CommandArgument(0, "<PATH>")]
        [Description("Directories and files to archive; each is stored under its own name.")]
        public string[] Paths { get; init; } = [];

        public override Spectre.Console.ValidationResult Validate() =>
            string.IsNullOrEmpty(File) ? Spectre.Console.ValidationResult.Error("-f OUT is required.") : Spectre.Console.ValidationResult.Success();
    }
}
