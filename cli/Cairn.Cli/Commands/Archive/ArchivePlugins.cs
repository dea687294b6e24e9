using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Compression;
using Cairn.Contracts.Recipients;
using Cairn.Contracts.Secrets;
using Cairn.Format;
using Cairn.Format.Reading;
using Cairn.Hosting.Plugins;
using Cairn.Hosting.Secrets;

namespace Cairn.Cli.Commands.Archive;

/// <summary>
/// What the archive commands need from the plugins, loaded at run time through the catalog: the
/// compressor and cipher a command names or a header names, and the passphrase recipient.
/// </summary>
internal sealed class ArchivePlugins : IArchiveAlgorithms
{
    private readonly PluginCatalog _catalog = PluginCatalog.Discover(PluginFolders.Default());

    public ICompressorProvider GetCompressor(string id) => _catalog.Load<ICompressorProvider>(id);

    public ICipherProvider GetCipher(string id) => _catalog.Load<ICipherProvider>(id);

    /// <summary>Parses <c>zstd</c> or <c>zstd:19</c>.</summary>
    public (ICompressorProvider Compressor, int? Level) ParseCompression(string spec)
    {
        var parts = spec.Split(':', 2);
        int? level = null;
        if (parts.Length == 2)
        {
            level = int.TryParse(parts[1], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new ArgumentException($"--compress {spec}: the level must be a whole number.");
        }

        return (GetCompressor(parts[0]), level);
    }

    /// <summary>The passphrase from <paramref name="env"/>, or <see langword="null"/> when no variable is named.</summary>
    public static Secret? PassphraseFromEnvironment(string? env) =>
        env is null ? null : SecretSources.Resolve(env, null, "Archive passphrase", allowPrompt: true);

    public IRecipient PassphraseRecipient(Secret passphrase) =>
        _catalog.Load<IRecipientProvider>("passphrase").CreateRecipient(new RecipientSettings(new Dictionary<string, string>(), passphrase));

    /// <summary>
    /// The identities for reading: the passphrase from <paramref name="env"/>, or, when none is named, one
    /// that asks on the terminal the first time an encrypted volume needs it.
    /// </summary>
    public IReadOnlyList<IIdentity> Identities(string? env)
    {
        var provider = new Lazy<IRecipientProvider>(() => _catalog.Load<IRecipientProvider>("passphrase"));
        if (env is not null)
        {
            var secret = PassphraseFromEnvironment(env)!;
            return [provider.Value.CreateIdentity(new RecipientSettings(new Dictionary<string, string>(), secret))];
        }

        return [new PromptingIdentity(provider)];
    }

    /// <summary>Asks for the passphrase only when a stanza needs it, so unencrypted archives never prompt.</summary>
    private sealed class PromptingIdentity(Lazy<IRecipientProvider> provider) : OnDemandIdentity
    {
        private IIdentity? _inner;
        private bool _asked;

        public override bool TryUnwrap(RecipientStanza stanza, Span<byte> archiveKey)
        {
            if (!_asked)
            {
                _asked = true;
                var secret = SecretSources.Resolve(null, null, "Archive passphrase", allowPrompt: true);
                _inner = secret is null ? null : provider.Value.CreateIdentity(new RecipientSettings(new Dictionary<string, string>(), secret));
            }

            return _inner?.TryUnwrap(stanza, archiveKey) ?? false;
        }
    }
}
