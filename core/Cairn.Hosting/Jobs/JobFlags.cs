using Cairn.Hosting.Profiles;
using Cairn.Hosting.Secrets;

namespace Cairn.Hosting.Jobs;

/// <summary>
/// A job given by command-line flags instead of a profile (<c>--target URL --source DIR</c>): the same
/// defaults as a profile, with the passphrase from <c>CAIRN_PASSPHRASE</c> (or a prompt on a terminal).
/// </summary>
public sealed record JobFlags
{
    /// <summary>The target URL or path (<c>--target</c>); relative paths start at <see cref="BaseDirectory"/>.</summary>
    public required string Target { get; init; }

    /// <summary>The folders to back up (<c>--source</c>); may be empty for commands that only read the target.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>The backend plugin id, or <see langword="null"/> to choose it from the URL's scheme.</summary>
    public string? Backend { get; init; }

    /// <summary>Include patterns.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Exclude patterns.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>The file name whose presence excludes a folder.</summary>
    public string? ExcludeIfPresent { get; init; }

    /// <summary>The compressor id, or <see langword="null"/> for zstd.</summary>
    public string? Compression { get; init; }

    /// <summary>The compression level, or <see langword="null"/> for the compressor's default.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>The cipher id, <c>none</c> for no encryption, or <see langword="null"/> for aes-256-gcm.</summary>
    public string? Encryption { get; init; }

    /// <summary>The variable the passphrase comes from. Default <c>CAIRN_PASSPHRASE</c>.</summary>
    public string PassphraseVariable { get; init; } = ProfileDefaults.PassphraseVariable;

    /// <summary>The volume size as text (<c>256MiB</c>), or <see langword="null"/> for the default.</summary>
    public string? VolumeSize { get; init; }

    /// <summary>Extra plugin folders.</summary>
    public IReadOnlyList<string> PluginPaths { get; init; } = [];

    /// <summary>The folder relative paths start at. Default: the current folder.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Builds the profile these flags describe.</summary>
    /// <exception cref="ArgumentException">
    /// A flag's value is malformed, or the target URL holds a password; the message names the flag and never shows a password.
    /// </exception>
    public Profile ToProfile()
    {
        var baseDirectory = BaseDirectory ?? Environment.CurrentDirectory;
        Uri url;
        try
        {
            url = ProfilePaths.ResolveUrl(Target, baseDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException)
        {
            throw new ArgumentException(ProfilePaths.IsFileUrlWithoutPath(Target)
                ? $"--target: {ex.Message}"
                : $"--target: '{UrlRedaction.WithoutPassword(Target)}' is neither a URL nor a path.", ex);
        }

        if (UrlPasswordRule.RefusalOnCommandLine(url, Target) is { } refusal)
        {
            throw new ArgumentException(refusal);
        }

        var volumeSize = ProfileDefaults.VolumeSize;
        if (VolumeSize is not null
            && (!ByteSize.TryParse(VolumeSize, out volumeSize) || volumeSize < ProfileDefaults.MinVolumeSize || volumeSize > ProfileDefaults.MaxVolumeSize))
        {
            throw new ArgumentException($"--volume-size must be a size between {ByteSize.Format(ProfileDefaults.MinVolumeSize)} and {ByteSize.Format(ProfileDefaults.MaxVolumeSize)}, such as 256MiB, not '{VolumeSize}'.");
        }

        var cipher = Encryption ?? ProfileDefaults.Cipher;
        IReadOnlyList<ProfileRecipient> recipients = cipher == ProfileEncryption.NoneProvider
            ? []
            : [new ProfileRecipient("passphrase", new Dictionary<string, string>(), SecretReference.FromEnvironment(PassphraseVariable), null)];
        return new Profile
        {
            Name = "command-line",
            BaseDirectory = baseDirectory,
            Sources = Sources.Select(source => ProfilePaths.Resolve(source, baseDirectory)).ToList(),
            Include = Include,
            Exclude = Exclude,
            ExcludeIfPresent = ExcludeIfPresent,
            Target = new ProfileTarget(Backend, url, new Dictionary<string, string>()),
            Compression = new ProfileCompression(Compression ?? ProfileDefaults.Compressor, CompressionLevel),
            Encryption = new ProfileEncryption(cipher, recipients),
            VolumeSize = volumeSize,
            Plugins = new ProfilePlugins(PluginPaths.Select(path => ProfilePaths.Resolve(path, baseDirectory)).ToList()),
        };
    }
}
