using Cairn.Contracts.Compression;

namespace Cairn.Hosting.Profiles;

/// <summary>
/// Checks a profile's compression level against the compressor it names. The parser cannot: it runs before
/// any plugin is loaded, and each compressor has its own levels (gzip 1-9, zstd 1-19, Brotli 0-11). So
/// <c>profile validate</c> and every run ask the loaded compressor for one at that level, and its refusal
/// becomes an error at the level's line.
/// </summary>
public static class CompressionLevelCheck
{
    /// <summary>Throws when <paramref name="compressor"/> does not take the level <paramref name="profile"/> asks for.</summary>
    /// <exception cref="ProfileException">The level is not one the compressor takes.</exception>
    public static void Check(Profile profile, ICompressorProvider compressor)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(compressor);
        if (profile.Compression.Level is not { } level)
        {
            return;
        }

        try
        {
            compressor.Create(level).Dispose();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ProfileException(
                profile.DisplayName, profile.Compression.LevelLocation ?? profile.Compression.Location, $"'level' {level} is not one {compressor.Id} takes ({compressor.Description})");
        }
    }
}
