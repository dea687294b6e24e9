namespace Cairn.Hosting.Profiles;

/// <summary>The keys a profile may use, block by block (docs/profiles.md describes each).</summary>
internal static class ProfileKeys
{
    public static readonly string[] TopLevel =
    [
        "name", "source", "include", "exclude", "exclude-if-present", "exclude-caches", "exclude-other-filesystems",
        "target", "compression", "encryption", "volume-size", "policy", "plugins", "hooks",
    ];

    public static readonly string[] Target = ["backend", "url", "options"];

    public static readonly string[] Compression = ["provider", "level"];

    public static readonly string[] Encryption = ["provider", "recipients"];

    public static readonly string[] Policy = ["full-if-older-than", "keep-full"];

    public static readonly string[] Plugins = ["paths"];

    public static readonly string[] Hooks = ["before", "after", "timeout"];

    /// <summary>Keys every recipient entry may carry, whatever its type.</summary>
    public static readonly string[] RecipientCommon = ["type", "env", "file", "identity-env", "identity-file"];

    /// <summary>
    /// The further keys of the recipient types Cairn ships. Entries of other types (third-party plugins)
    /// may carry any key, passed to their plugin as an option.
    /// </summary>
    public static readonly Dictionary<string, string[]> RecipientOptions = new(StringComparer.Ordinal)
    {
        ["passphrase"] = ["argon2-memory-kib", "argon2-iterations", "argon2-parallelism"],
        ["x25519"] = ["public-key", "key-file"],
        ["openpgp"] = ["key-file", "public-key"],
    };

    /// <summary>
    /// Names that would put a secret in the file. They are refused wherever they appear, with a message
    /// that says how to give the secret instead.
    /// </summary>
    public static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "passphrase", "password", "secret", "token", "private-key", "secret-key", "secret-access-key",
        "access-token", "api-key", "identity",
    };
}
