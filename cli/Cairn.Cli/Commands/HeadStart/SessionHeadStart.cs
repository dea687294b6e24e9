using Cairn.Cli.Commands.Backup;

namespace Cairn.Cli.Commands.HeadStart;

/// <summary>
/// A command's engine session, opened on a pool thread while Spectre.Console.Cli is still parsing the command line
/// (<see cref="HeadStarts"/>), and what the command starts with it there (<typeparamref name="TPrepared"/>). The parse,
/// the plugins' loading and the target's opening used to come one after another on one thread while the other core
/// waited; the key derivation (Argon2id, the longest step of a single-file restore) could only start after them.
/// </summary>
/// <remarks>
/// The session is opened as the command would open it, except that it never asks for a secret: when a passphrase or
/// password would have to be typed, the head start fails quietly, and the command opens its own session and asks, as it
/// always did (a user typing a passphrase has no use for 50 ms). A session that opened has every secret it needs, so the
/// command can take it as it is. <see cref="TakeAsync"/> gives it to the command only when the parsed settings name the
/// same target the same way; otherwise it is closed, and the command opens its own.
/// </remarks>
/// <typeparam name="TPrepared">What the command starts once the session is open.</typeparam>
internal sealed class SessionHeadStart<TPrepared>
{
    private readonly TargetSettings _settings;
    private readonly bool _writes;
    private readonly Func<TPrepared, ValueTask> _abandon;
    private Task<(EngineSession Session, TPrepared Prepared)?>? _opening;

    /// <summary>Starts opening the session for <paramref name="settings"/>, then <paramref name="prepare"/>, on a pool thread.</summary>
    /// <param name="settings">The target options the command line gives.</param>
    /// <param name="writes">Whether the command writes backups (<see cref="EngineSession.Open"/>).</param>
    /// <param name="prepare">What the command starts with the session.</param>
    /// <param name="abandon">Stops what <paramref name="prepare"/> started, when the command does not take it.</param>
    public SessionHeadStart(TargetSettings settings, bool writes, Func<EngineSession, TPrepared> prepare, Func<TPrepared, ValueTask> abandon)
    {
        _settings = settings;
        _writes = writes;
        _abandon = abandon;
        _opening = Task.Run<(EngineSession, TPrepared)?>(() =>
        {
            EngineSession? session = null;
            try
            {
                session = EngineSession.Open(settings, writes, mayAsk: false);
                return (session, prepare(session));
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

    /// <summary>The session opened, and what was started with it, for <paramref name="settings"/>; null when there are none for them.</summary>
    /// <param name="settings">The target options as Spectre.Console.Cli parsed them.</param>
    /// <param name="writes">Whether the command writes backups.</param>
    public async Task<(EngineSession Session, TPrepared Prepared)?> TakeAsync(TargetSettings settings, bool writes)
    {
        if (Interlocked.Exchange(ref _opening, null) is not { } opening || await opening.ConfigureAwait(false) is not { } ahead)
        {
            return null;
        }

        if (writes == _writes && Same(_settings, settings))
        {
            return ahead;
        }

        await _abandon(ahead.Prepared).ConfigureAwait(false);
        await ahead.Session.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>Whether two commands' target options open the same session (every option of <see cref="TargetSettings"/>).</summary>
    internal static bool Same(TargetSettings a, TargetSettings b) =>
        a.Profile == b.Profile && a.Target == b.Target && a.Source == b.Source && a.VolumeSize == b.VolumeSize && a.CacheDirectory == b.CacheDirectory;
}
