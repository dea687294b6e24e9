namespace Cairn.Hosting.Profiles;

/// <summary>The values a profile gets for the keys it leaves out (documented in docs/profiles.md).</summary>
public static class ProfileDefaults
{
    /// <summary>The compressor: zstd.</summary>
    public const string Compressor = "zstd";

    /// <summary>The cipher: AES-256-GCM. Encryption is on unless a profile says <c>provider: none</c>.</summary>
    public const string Cipher = "aes-256-gcm";

    /// <summary>
    /// The volume size: 64 MiB. Volumes upload in the background as they fill, so smaller ones keep the
    /// upload going during the backup (a set of one big volume uploads only at its end); a single-file
    /// restore reads one volume's index, and the writer holds one volume's index in memory.
    /// </summary>
    public const long VolumeSize = 64L * 1024 * 1024;

    /// <summary>The smallest volume size accepted: 1 MiB.</summary>
    public const long MinVolumeSize = 1L * 1024 * 1024;

    /// <summary>The largest volume size accepted: 64 GiB.</summary>
    public const long MaxVolumeSize = 64L * 1024 * 1024 * 1024;

    /// <summary>The environment variable the passphrase comes from when no profile is used.</summary>
    public const string PassphraseVariable = "CAIRN_PASSPHRASE";
}
