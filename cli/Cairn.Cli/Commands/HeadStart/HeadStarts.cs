using Cairn.Cli.Commands.Backup;
using Cairn.Engine.Backup;
using Cairn.Engine.Inspection;
using Cairn.Engine.Repository;
using Cairn.Engine.Restore;

namespace Cairn.Cli.Commands.HeadStart;

/// <summary>
/// The head starts <c>Main</c> gives the commands whose first steps wait for the parse
/// (<see cref="SessionHeadStart{TPrepared}"/>): a restore opens its session, starts deriving its key and lists the target;
/// a backup (or <c>run</c>) opens its session and, when the command line asks for a full backup, starts deriving the new
/// chain's key; <c>status</c> and <c>list</c> open theirs and load the target's index. Only a command line whose shape is
/// certain is read ahead (<see cref="CommandLineShape"/>).
/// </summary>
internal static class HeadStarts
{
    private static readonly string[] TargetOptions = ["--profile", "--target", "--source", "--volume-size", "--cache-dir"];

    private static readonly CommandLineShape RestoreShape = new("restore", Arguments: 1, [.. TargetOptions, "--path", "--time"], Repeatable: ["--path", "--time"], Flags: ["--overwrite", "--keep-identical"]);

    private static readonly CommandLineShape BackupShape = new("backup", Arguments: 0, [.. TargetOptions, "--include", "--exclude", "--exclude-if-present"], Repeatable: ["--include", "--exclude"], Flags: ["--full", "--dry-run", "--break-lock", "--allow-source-mismatch", "--allow-empty-target", "--exclude-caches", "--json"]);

    private static readonly CommandLineShape RunShape = new("run", Arguments: 1, ["--cache-dir"], Repeatable: [], Flags: ["--full", "--dry-run", "--allow-source-mismatch", "--allow-empty-target"]);

    private static readonly CommandLineShape StatusShape = new("status", Arguments: 0, TargetOptions, Repeatable: [], Flags: ["--json"]);

    private static readonly CommandLineShape ListShape = new("list", Arguments: 0, [.. TargetOptions, "--path", "--time"], Repeatable: ["--path", "--time"], Flags: ["--json"]);

    private static SessionHeadStart<RestorePreparation>? _restore;
    private static SessionHeadStart<bool>? _backup;
    private static SessionHeadStart<Task<RepositoryIndex>>? _inspection;

    /// <summary>Starts the head start that <paramref name="args"/> call for, if any.</summary>
    /// <returns>
    /// Whether it derives a key (a restore, a full backup): Argon2id is then the longest step before the command's first
    /// data, and the idle core is best left to it.
    /// </returns>
    public static bool Begin(IReadOnlyList<string> args)
    {
        if (ReadRestore(args) is { } restore)
        {
            _restore = new SessionHeadStart<RestorePreparation>(restore, writes: false,
                session => RestorePreparation.Start(session.Context, CancellationToken.None), prepared => new ValueTask(prepared.AbandonAsync()));
            return true;
        }

        if (ReadBackup(args) is { } backup)
        {
            var writes = !backup.DryRun;
            var derives = backup.Full && writes;
            _backup = new SessionHeadStart<bool>(backup.Settings, writes, session =>
            {
                if (derives)
                {
                    BackupJob.StartKeyDerivation(session.Context);
                }

                return derives;
            }, _ => ValueTask.CompletedTask);
            return derives;
        }

        if (ReadInspection(args) is { } inspection)
        {
            _inspection = new SessionHeadStart<Task<RepositoryIndex>>(inspection, writes: false,
                session => TargetInspection.LoadIndexAsync(session.Context, CancellationToken.None), IgnoreAsync);
        }

        return false;
    }

    /// <summary>The restore's session and preparation started ahead for <paramref name="settings"/>, or null.</summary>
    public static async Task<(EngineSession Session, RestorePreparation Prepared)?> TakeRestoreAsync(TargetSettings settings) =>
        Interlocked.Exchange(ref _restore, null) is { } ahead ? await ahead.TakeAsync(settings, writes: false).ConfigureAwait(false) : null;

    /// <summary>The backup's session opened ahead for <paramref name="settings"/>, or null.</summary>
    public static async Task<EngineSession?> TakeBackupAsync(TargetSettings settings, bool writes) =>
        Interlocked.Exchange(ref _backup, null) is { } ahead ? (await ahead.TakeAsync(settings, writes).ConfigureAwait(false))?.Session : null;

    /// <summary>The session of <c>status</c> or <c>list</c> opened ahead for <paramref name="settings"/>, with the target's index being loaded, or null.</summary>
    public static async Task<(EngineSession Session, Task<RepositoryIndex> Index)?> TakeInspectionAsync(TargetSettings settings) =>
        Interlocked.Exchange(ref _inspection, null) is { } ahead ? await ahead.TakeAsync(settings, writes: false).ConfigureAwait(false) : null;

    /// <summary>The target options of a restore command line whose shape is certain, or null.</summary>
    internal static TargetSettings? ReadRestore(IReadOnlyList<string> args) =>
        RestoreShape.Read(args, (name, value) => name != "--time" || IsTime(value)) is { } read ? Target(read) : null;

    /// <summary>
    /// The target options and flags of a <c>backup</c> command line whose shape is certain, or of a <c>run</c> (its
    /// profile is its argument), or null.
    /// </summary>
    internal static (TargetSettings Settings, bool Full, bool DryRun)? ReadBackup(IReadOnlyList<string> args)
    {
        var (read, settings) = BackupShape.Read(args) is { } backup ? (backup, Target(backup))
            : RunShape.Read(args) is { } run ? (run, new TargetSettings { Profile = run.Arguments[0], CacheDirectory = run.Value("--cache-dir") })
            : (null, null);
        return settings is null ? null : (settings, read!.Flags.Contains("--full"), read.Flags.Contains("--dry-run"));
    }

    /// <summary>The target options of a <c>status</c> or <c>list</c> command line whose shape is certain, or null.</summary>
    internal static TargetSettings? ReadInspection(IReadOnlyList<string> args) =>
        (StatusShape.Read(args) ?? ListShape.Read(args, (name, value) => name != "--time" || IsTime(value))) is { } read ? Target(read) : null;

    /// <summary>Waits for an index loaded ahead that the command did not take; it only read, so its outcome does not matter.</summary>
    private static async ValueTask IgnoreAsync(Task<RepositoryIndex> loading)
    {
        try
        {
            await loading.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The command loads its own index, and meets any error there.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>The target options read, when they name a profile or a target (not both): the command refuses anything else.</summary>
    private static TargetSettings? Target(ReadCommandLine read)
    {
        var (profile, target) = (read.Value("--profile"), read.Value("--target"));
        return (profile is null) == (target is null) ? null : new TargetSettings
        {
            Profile = profile,
            Target = target,
            Source = read.Value("--source"),
            VolumeSize = read.Value("--volume-size"),
            CacheDirectory = read.Value("--cache-dir"),
        };
    }

    /// <summary>Whether the command takes <paramref name="text"/> as its <c>--time</c>: it stops at one it does not, with nothing to open ahead.</summary>
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
}
