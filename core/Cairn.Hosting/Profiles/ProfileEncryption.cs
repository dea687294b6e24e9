namespace Cairn.Hosting.Profiles;

/// <summary>
/// A profile's <c>encryption:</c> block. Encryption is on unless a profile says <c>provider: none</c>;
/// an encrypted profile has at least one recipient.
/// </summary>
/// <param name="Provider">The cipher plugin id (<c>aes-256-gcm</c>, <c>chacha20-poly1305</c>), or <c>none</c>.</param>
/// <param name="Recipients">Who can open the backups; any one of them is enough.</param>
/// <param name="Location">Where the provider was written, or <see langword="null"/> for the default.</param>
public sealed record ProfileEncryption(string Provider, IReadOnlyList<ProfileRecipient> Recipients, ProfileLocation? Location = null)
{
    /// <summary>The provider id that turns encryption off.</summary>
    public const string NoneProvider = "none";

    /// <summary>False only when the profile says <c>provider: none</c>.</summary>
    public bool IsEnabled => !string.Equals(Provider, NoneProvider, StringComparison.Ordinal);
}
