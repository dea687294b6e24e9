namespace Cairn.Hosting.Secrets;

/// <summary>
/// Where a secret comes from, as a profile or a command line says it: an environment variable, a file,
/// or (when both are <see langword="null"/>) a prompt on the terminal. Holds names only, never the secret,
/// so it is safe to print.
/// </summary>
/// <param name="EnvironmentVariable">The variable that holds the secret, for example <c>CAIRN_PASSPHRASE</c>.</param>
/// <param name="FilePath">The absolute path of a file holding the secret.</param>
public sealed record SecretReference(string? EnvironmentVariable, string? FilePath)
{
    /// <summary>A secret that is asked for on the terminal.</summary>
    public static SecretReference Prompt { get; } = new(null, null);

    /// <summary>A secret read from the environment variable <paramref name="name"/>.</summary>
    public static SecretReference FromEnvironment(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new SecretReference(name, null);
    }

    /// <summary>A secret read from the file <paramref name="path"/>.</summary>
    public static SecretReference FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new SecretReference(null, path);
    }

    /// <summary>True when neither a variable nor a file is named: the secret is prompted for.</summary>
    public bool IsPrompt => EnvironmentVariable is null && FilePath is null;

    /// <summary>Describes the source without the secret: <c>env CAIRN_PASSPHRASE</c>, <c>file /path</c> or <c>prompt</c>.</summary>
    public override string ToString() =>
        EnvironmentVariable is not null ? $"env {EnvironmentVariable}" : FilePath is not null ? $"file {FilePath}" : "prompt";
}
