namespace Cairn.Hosting.Profiles;

/// <summary>A profile's <c>compression:</c> block.</summary>
/// <param name="Provider">The compressor plugin id, for example <c>zstd</c>; <c>none</c> stores frames as they are.</param>
/// <param name="Level">The level, or <see langword="null"/> for the compressor's default.</param>
/// <param name="Location">Where the provider was written, or <see langword="null"/> for the default.</param>
/// <param name="LevelLocation">Where the level was written, or <see langword="null"/> when it was not.</param>
public sealed record ProfileCompression(string Provider, int? Level = null, ProfileLocation? Location = null, ProfileLocation? LevelLocation = null)
{
    /// <summary>The default: zstd at its default level.</summary>
    public static ProfileCompression Default { get; } = new(ProfileDefaults.Compressor);
}
