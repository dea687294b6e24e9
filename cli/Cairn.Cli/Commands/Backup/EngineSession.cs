using Cairn.Engine;
using Cairn.Engine.FileSystem;
using Cairn.Hosting.Jobs;
using Cairn.Hosting.Profiles;

namespace Cairn.Cli.Commands.Backup;

/// <summary>
/// Turns a command's target options into the engine's resolved objects: loads the profile (or builds one
/// from <c>--target</c>/<c>--source</c>), opens the job through the hosting layer, and hands the engine only
/// the backend, algorithms, recipients and identities. Shared by the engine's commands.
/// </summary>
internal sealed class EngineSession : IAsyncDisposable
{
    private readonly JobContext _job;

    private EngineSession(JobContext job, EngineContext context)
    {
        _job = job;
        Context = context;
    }

    public EngineContext Context { get; }

    public Profile Profile => _job.Profile;

    /// <summary>The one source folder of the profile.</summary>
    /// <exception cref="ArgumentException">The profile names no source, or several.</exception>
    public string Source => Profile.Sources.Count switch
    {
        1 => Profile.Sources[0],
        0 => throw new ArgumentException("No source folder: give --source DIR or a profile with 'source:'."),
        _ => throw new ArgumentException($"The profile names {Profile.Sources.Count} sources; Cairn backs up one source folder per profile."),
    };

    public SelectionRules Rules => RulesWith([], [], null, excludeCaches: false);

    /// <summary>
    /// The profile's selection with the command line's added: its includes after the profile's includes, its excludes
    /// after the profile's excludes (so, as in a profile, every include comes before every exclude), and its marker
    /// name in place of the profile's; caches are left out when either says so.
    /// </summary>
    /// <exception cref="ArgumentException">A pattern is empty or absolute outside the source, or the marker is not a plain file name.</exception>
    public SelectionRules RulesWith(IEnumerable<string> include, IEnumerable<string> exclude, string? excludeIfPresent, bool excludeCaches) =>
        SelectionRules.Create(
            Profile.Include.Concat(include), Profile.Exclude.Concat(exclude), excludeIfPresent ?? Profile.ExcludeIfPresent, Source, excludeCaches || Profile.ExcludeCaches);

    /// <summary>Opens the job. <paramref name="writes"/> resolves the recipients (a backup), otherwise only identities are asked for when needed.</summary>
    /// <param name="settings">The command's target options.</param>
    /// <param name="writes">Whether the job writes backups.</param>
    /// <param name="mayAsk">False never asks for a missing secret, even at a terminal; by default it is asked for when a terminal is attached.</param>
    public static EngineSession Open(TargetSettings settings, bool writes, bool mayAsk = true)
    {
        var profile = settings.Profile is not null
            ? ProfileLoader.Load(settings.Profile)
            : new JobFlags
            {
                Target = settings.Target!,
                Sources = settings.Source is null ? [] : [settings.Source],
                VolumeSize = settings.VolumeSize,
            }.ToProfile();
        if (settings.Profile is not null && settings.Source is not null)
        {
            profile = profile with { Sources = [Path.GetFullPath(settings.Source)] };
        }

        var interactive = mayAsk && !Console.IsInputRedirected;
        var job = JobContext.FromProfile(profile, null, interactive, new JobContextOptions { CacheRoot = settings.CacheDirectory });
        try
        {
            // The folder of all targets' caches: tagged, so that other programs' backups (and Cairn's, with
            // exclude-caches) can leave it out.
            CacheDirectoryTag.WriteIfMissing(Path.GetDirectoryName(job.CacheDirectory)!);
            var context = new EngineContext
            {
                Backend = job.Backend,
                Compressor = job.Compressor,
                CompressionLevel = job.CompressionLevel,
                Encryption = writes ? job.Encryption : null,
                Algorithms = job.Algorithms,
                Identities = job.Identities,
                CacheDirectory = job.CacheDirectory,
                TargetFolder = job.TargetFolder,
                VolumeSize = job.VolumeSize,
                Warn = message => Console.Error.WriteLine($"cairn: warning: {message}"),
            };
            return new EngineSession(job, context);
        }
        catch
        {
            job.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _job.DisposeAsync();
}
