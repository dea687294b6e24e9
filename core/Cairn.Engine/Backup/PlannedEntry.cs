using Cairn.Engine.Catalogue;
using Cairn.Engine.FileSystem;

namespace Cairn.Engine.Backup;

/// <summary>
/// One step of a backup, in path order: an object found by the scan (<see cref="Scanned"/>) with its
/// record in the parent set (<see cref="Previous"/>, when it had one), or a previous record alone (the
/// object is gone). <see cref="Content"/> holds the file's bytes when they were read ahead.
/// </summary>
internal sealed record PlannedEntry(ScannedEntry? Scanned, CatalogueRecord? Previous, PrefetchedContent? Content);
