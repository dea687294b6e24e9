using System.Text;
using Cairn.Contracts.Files;
using Cairn.Contracts.Secrets;

namespace Cairn.Hosting.Secrets;

/// <summary>
/// Resolves secrets from where a profile or a command says they are: an environment variable, a file, or
/// a prompt on the terminal (without echo). Secrets never come from the command line or the profile itself.
/// </summary>
public static class SecretSources
{
    /// <summary>
    /// Secret files larger than this are refused: a secret is a line, a key file a few kilobytes. No more than
    /// this is read, whatever the file is (a device or a pipe reports no size).
    /// </summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>True when standard input is a terminal, so that a secret can be asked for.</summary>
    public static bool IsTerminal => !Console.IsInputRedirected;

    /// <summary>
    /// Resolves a secret. With <paramref name="env"/>: the variable's value, or the prompt when it is unset
    /// and prompting is allowed on a terminal. With <paramref name="file"/>: its first line without the
    /// line ending (see <paramref name="wholeFile"/>). With neither: the prompt when allowed on a terminal,
    /// else <see langword="null"/>.
    /// </summary>
    /// <param name="env">The environment variable holding the secret, or <see langword="null"/>.</param>
    /// <param name="file">The file holding the secret, or <see langword="null"/>.</param>
    /// <param name="promptLabel">What is asked for, for example <c>Passphrase for profile home</c>.</param>
    /// <param name="allowPrompt">False for non-interactive runs (cron): never ask, even on a terminal.</param>
    /// <param name="warn">Receives warnings (a secret file others can read); by default they go to standard error.</param>
    /// <param name="wholeFile">Read the whole file (a key file) rather than its first line.</param>
    /// <exception cref="SecretUnavailableException">The variable is unset with no way to ask, or the file cannot be read or is empty.</exception>
    public static Secret? Resolve(string? env, string? file, string promptLabel, bool allowPrompt, Action<string>? warn = null, bool wholeFile = false)
    {
        ArgumentNullException.ThrowIfNull(promptLabel);
        warn ??= message => Console.Error.WriteLine($"cairn: warning: {message}");
        if (env is not null && file is not null)
        {
            throw new ArgumentException("A secret comes from an environment variable or a file, not both.", nameof(file));
        }

        if (env is not null)
        {
            var value = Environment.GetEnvironmentVariable(env);
            if (!string.IsNullOrEmpty(value))
            {
                return Secret.FromText(value, $"env {env}");
            }

            // An empty variable is no passphrase; say it is empty, or the user looks for a typo in a name that is there.
            var state = value is null ? "is not set" : "is empty";
            if (allowPrompt && IsTerminal)
            {
                return Prompt($"{promptLabel} ({env} {state})");
            }

            throw new SecretUnavailableException(
                $"{promptLabel}: the environment variable {env} {state}, and there is no terminal to ask on; set {env}");
        }

        if (file is not null)
        {
            return ReadFile(file, promptLabel, warn, wholeFile);
        }

        return allowPrompt && IsTerminal ? Prompt(promptLabel) : null;
    }

    /// <summary>Resolves a secret from a reference; <see cref="SecretReference.Prompt"/> asks on the terminal.</summary>
    /// <exception cref="SecretUnavailableException">
    /// The secret cannot be had; for a prompt with no terminal, the message names <paramref name="suggestedVariable"/> to set.
    /// </exception>
    public static Secret Require(SecretReference reference, string promptLabel, bool allowPrompt, string suggestedVariable, Action<string>? warn = null, bool wholeFile = false)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return Resolve(reference.EnvironmentVariable, reference.FilePath, promptLabel, allowPrompt, warn, wholeFile)
            ?? throw new SecretUnavailableException(
                $"{promptLabel} is needed and there is no terminal to ask on: set {suggestedVariable} and write 'env: {suggestedVariable}' in the profile, or use 'file: PATH'");
    }

    /// <summary>
    /// Makes the resolver a backend plugin gets (<see cref="Contracts.Backends.BackendSettings.ResolveSecret"/>):
    /// secret <c>NAME</c> comes from option <c>NAME-env</c> or <c>NAME-file</c>, else from a prompt on a terminal.
    /// </summary>
    public static Func<string, Secret?> ForOptions(IReadOnlyDictionary<string, string> options, string owner, bool allowPrompt, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(owner);
        return name =>
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            options.TryGetValue(name + "-env", out var env);
            options.TryGetValue(name + "-file", out var file);
            return Resolve(env, file, $"{owner} {name}", allowPrompt, warn);
        };
    }

    private static Secret ReadFile(string path, string label, Action<string> warn, bool wholeFile)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new SecretUnavailableException($"{label}: the secret file {path} does not exist");
            }

            bytes = BoundedFile.ReadAllBytes(path, MaxFileBytes);

            // Warned only once the file is known to be a secret file, not for a device such as /dev/zero.
            if (!OperatingSystem.IsWindows() && (info.UnixFileMode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            {
                warn($"the secret file {path} can be read by other users; make it private with 'chmod 600 {path}'");
            }
        }
        catch (FileTooLargeException ex)
        {
            throw new SecretUnavailableException($"{label}: the secret file {path} is larger than a secret file may be ({MaxFileBytes} bytes)", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SecretUnavailableException($"{label}: cannot read the secret file {path}: {ex.Message}", ex);
        }

        try
        {
            var content = bytes.AsSpan();
            if (!wholeFile)
            {
                var newline = content.IndexOf((byte)'\n');
                content = newline < 0 ? content : content[..newline];
                if (content.EndsWith("\r"u8))
                {
                    content = content[..^1];
                }
            }

            if (content.IsEmpty || content.Trim("\r\n \t"u8).IsEmpty)
            {
                throw new SecretUnavailableException($"{label}: the secret file {path} is empty");
            }

            return new Secret(content, $"file {path}");
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    /// <summary>Asks on the terminal, writing the question to standard error and echoing nothing.</summary>
    private static Secret Prompt(string label)
    {
        Console.Error.Write($"{label}: ");
        var typed = new StringBuilder();
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    break;
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    if (typed.Length > 0)
                    {
                        typed.Length--;
                    }
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    typed.Append(key.KeyChar);
                }
            }
        }
        catch (InvalidOperationException ex)
        {
            throw new SecretUnavailableException($"{label}: cannot read from the terminal", ex);
        }
        finally
        {
            Console.Error.WriteLine();
        }

        if (typed.Length == 0)
        {
            throw new SecretUnavailableException($"{label}: nothing was typed");
        }

        var secret = Secret.FromText(typed.ToString(), "prompt");
        typed.Clear();
        return secret;
    }
}
