using Cairn.Cli.Commands.Backup;
using Cairn.Engine.Restore;

namespace Cairn.Cli.Commands.Restore;

/// <summary>
/// Opens a restore's engine session, starts deriving its key and reads the target's index
/// (<see cref="RestorePreparation"/>) while Spectre.Console.Cli is still parsing the command line, on the core that
/// would otherwise wait. For a restore of one file the key derivation (Argon2id) is the longest step before any data can
/// be read, and the parse, the plugins and the target's opening used to come before it.
/// </summary>
/// <remarks>
/// Only a command line whose shape is certain is read ahead: <c>restore</c>, then only the options below, each with a
/// value (a <c>--time</c> that parses, since the command stops at one that does not), and one target folder. The session is opened as <see cref="RestoreCommand"/>
/// would open it, except that it never asks for a secret: when a passphrase or password would have to be typed, the
/// head start fails, and the command opens its own session and asks, as it always did (a user typing a passphrase has
/// no use for 50 ms). A session that opened has every secret it needs, so the command can take it as it is. <see cref="TakeAsync"/> gives it to the command only when
/// the parsed settings name the same target; otherwise it is closed and the command opens its own.
/// </remarks>
internal static class RestoreHeadStart
{
    private static readonly string[] ValueOptions = ["--profile", "--target", "--source", "--volume-size", "--cache-dir", "--path", "--time"];

    private static Task<(EngineSession Session, RestorePreparation Prepared)?>? _opening;
    private static TargetSettings? _expected;

    /// <summary>Starts opening the session when <paramref name="args"/> are a restore's; does nothing otherwise.</summary>
    public static void Begin(IReadOnlyList<string> args)
    {
        if (Read(args) is not { } settings)
        {
            return;
        }

        _expected = settings;
        _opening = Task.Run<(EngineSession, RestorePreparation)?>(() =>
        {
            EngineSession? session = null;
            try
            {
                session = EngineSession.Open(settings, writes: false, mayAsk: false);
                return (session, RestorePreparation.Start(session.Context, CancellationToken.None));
            }
#pragma warning disable CA1031 // A head start that fails is no head start: the command opens its own session and meets the error there.
            catch (Exception)
#pragma warning restore CA1031
            {
                session?.DisposeAsync().AsTask().GetAwaiter().GetResult();
                return null;
            }
        });
    }

    /// <summary>The session opened, and the restore prepared, ahead for <paramref name="settings"/>, or null when there are none for them.</summary>
    public static async Task<(EngineSession Session, RestorePreparation Prepared)?> TakeAsync(TargetSettings settings)
    {
        if (Interlocked.Exchange(ref _opening, null) is not { } opening || await opening.ConfigureAwait(false) is not { } ahead)
        {
            return null;
        }

        if (_expected is { } expected && Same(expected, settings))
        {
            return ahead;
        }

        await ahead.Prepared.AbandonAsync().ConfigureAwait(false);
        await ahead.Session.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>The target settings of a restore command line whose shape is certain, or null.</summary>
    internal static TargetSettings? Read(IReadOnlyList<string> args)
    {
        if (args is not ["restore", ..])
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = 0;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                positional++;
                continue;
            }

            var (name, value) = arg.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals
                ? (arg[..equals], arg[(equals + 1)..])
                : (arg, i + 1 < args.Count ? args[++i] : null);
            if (value is null || !ValueOptions.Contains(name, StringComparer.Ordinal))
            {
                return null;
            }

            if (name == "--time" && !IsTime(value))
            {
                return null; // the command stops at it: nothing to open ahead
            }

            if (name is "--path" or "--time")
            {
                continue;
            }

            if (!values.TryAdd(name, value))
            {
                return null;
            }
        }

        var profile = values.GetValueOrDefault("--profile");
        var target = values.GetValueOrDefault("--target");
        if (positional != 1 || (profile is null) == (target is null))
        {
            return null;
        }

        return new TargetSettings
        {
            Profile = profile,
            Target = target,
            Source = values.GetValueOrDefault("--source"),
            VolumeSize = values.GetValueOrDefault("--volume-size"),
            CacheDirectory = values.GetValueOrDefault("--cache-dir"),
        };
    }

    private static bool IsTime(string text)
    {
        try
        {
            Display.ParseTime(text, "--time");
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool Same(TargetSettings a, TargetSettings b) =>
        a.Profile == b.Profile && a.Target == b.Target && a.Source == b.Source && a.VolumeSize == b.VolumeSize && a.CacheDirectory == b.CacheDirectory;
}
