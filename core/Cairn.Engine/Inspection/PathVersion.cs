using Cairn.Engine.Catalogue;
using Cairn.Engine.Repository;

namespace Cairn.Engine.Inspection;

/// <summary>
/// One version of a path across backups: the run of consecutive backups that hold the same content under it (or that
/// do not hold it at all). Restoring with <c>--time</c> anywhere from <see cref="First"/> to <see cref="Last"/> brings
/// this version back.
/// </summary>
/// <param name="First">The first backup of the run.</param>
/// <param name="Last">The last backup of the run.</param>
/// <param name="Backups">How many backups the run spans.</param>
/// <param name="Record">The entry as the first backup of the run recorded it, or <see langword="null"/> for a run of backups that do not hold the path.</param>
public sealed record PathVersion(BackupSet First, BackupSet Last, int Backups, CatalogueRecord? Record);
