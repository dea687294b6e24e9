using Cairn.Contracts.Backends;
using Cairn.Engine.Inspection;
using Cairn.Engine.Repository;
using Cairn.Engine.Storage;

namespace Cairn.Engine.Maintenance;

/// <summary>
/// What a killed backup (or prune) leaves on a target: its partial set, and uploads it had begun. Both are removed
/// only under the target's lock, which every writer holds, so what is found then belongs to a process that is gone.
/// </summary>
internal static class InterruptedWork
{
    /// <summary>The reason given for a partial set.</summary>
    public const string PartialSet = "partial set (no manifest)";

    /// <summary>The reason given for an unfinished upload.</summary>
    public const string InterruptedUpload = "interrupted upload";

    /// <summary>
    /// After a backup has completed its own set: removes the sets of <paramref name="index"/> (read before that set was
    /// begun) that a backup left unfinished, and the target's interrupted uploads, and returns what went. Nothing here
    /// fails the backup: a removal that fails, or that <paramref name="cancellationToken"/> stops, is a warning, and
    /// <c>cleanup</c> can do it later.
    /// </summary>
    /// <remarks>
    /// A partial set that holds its catalogue is left alone (<see cref="BackupSet.LacksOnlyItsManifest"/>): <c>status</c>
    /// reports it, and <c>cleanup --force</c> removes it when the user says so.
    /// </remarks>
    /// <param name="context">The target.</param>
    /// <param name="index">The target's index as the backup read it, before it began its set.</param>
    /// <param name="locksBroken">Whether the backup removed a lock to take its own: the trace a killed process leaves.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public static async Task<IReadOnlyList<CleanupItem>> RemoveAfterBackupAsync(EngineContext context, RepositoryIndex index, bool locksBroken, CancellationToken cancellationToken)
    {
        var partial = index.PartialSets.Where(set => !set.LacksOnlyItsManifest).ToList();
        if (partial.Count == 0 && !locksBroken)
        {
            // Uploads are cut off only by a process that dies, and one that dies during a backup leaves its lock and
            // usually a partial set. Without either, the uploads are not listed: on SFTP that is another walk of every
            // set folder, on every backup.
            return [];
        }

        var removed = new List<CleanupItem>();
        try
        {
            foreach (var set in partial)
            {
                try
                {
                    await SetRemoval.DeleteAsync(context.Backend, [set], cancellationToken).ConfigureAwait(false);
                    removed.Add(new CleanupItem(set.Name.Prefix, PartialSet, set.TotalBytes));
                }
                catch (BackendException e)
                {
                    context.Warn($"{set.Name}: could not remove this partial set of an interrupted backup ({e.Message}); `cairn cleanup --force` removes it later");
                }
            }

            if (context.Backend is IPartialUploads store)
            {
                var uploads = await TargetInspection.ListPartialUploadsAsync(context, cancellationToken).ConfigureAwait(false);
                removed.AddRange((await RemoveUploadsAsync(store, uploads, context.Warn, cancellationToken).ConfigureAwait(false)).Select(Describe));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The backup's own set is complete by now: a stop here ends only the tidying, which the next backup (or
            // `cleanup`) takes up where it was left. Reporting the whole backup as interrupted would tell the user
            // to run it again for nothing.
            context.Warn("stopped before everything interrupted backups left was removed; the next backup, or `cairn cleanup --force`, removes the rest");
        }

        return removed;
    }

    /// <summary>How <c>cleanup</c> and the backup list an interrupted upload.</summary>
    public static CleanupItem Describe(PartialUpload upload) =>
        new(upload.Name, upload.UploadId is null ? InterruptedUpload : $"{InterruptedUpload} (multipart)", upload.Size);

    /// <summary>Removes the uploads; returns those removed. One that fails is a warning, and stays for the next cleanup.</summary>
    public static async Task<IReadOnlyList<PartialUpload>> RemoveUploadsAsync(
        IPartialUploads store, IReadOnlyList<PartialUpload> uploads, Action<string> warn, CancellationToken cancellationToken)
    {
        var removed = new List<PartialUpload>();
        foreach (var upload in uploads)
        {
            try
            {
                // Under the lock no writer is mid-upload, but for one taking the lock at this very moment: it would find
                // the lock held and give up, and if its lock object's upload goes, it gives up on that error instead.
                await store.DeletePartialUploadAsync(upload, cancellationToken).ConfigureAwait(false);
                removed.Add(upload);
            }
            catch (BackendException e)
            {
                warn($"{BackendNames.Printable(upload.Name)}: could not remove this interrupted upload: {e.Message}");
            }
        }

        return removed;
    }
}
