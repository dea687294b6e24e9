using Cairn.Contracts.Secrets;

namespace Cairn.Contracts.Recipients;

/// <summary>How a profile or command describes one recipient or identity.</summary>
/// <param name="Options">Non-secret settings from the profile, for example <c>public-key</c> or <c>key-file</c>.</param>
/// <param name="Secret">The secret the host resolved (passphrase, private key), or <see langword="null"/> when none is needed.</param>
public sealed record RecipientSettings(IReadOnlyDictionary<string, string> Options, Secret? Secret);
