namespace Cairn.Engine.Maintenance;

/// <summary>One thing <c>cleanup</c> removes.</summary>
/// <param name="Name">
/// The set folder (ending in <c>/</c>), object or lock name, or where an interrupted upload lies (its hidden
/// temporary name, or for a multipart upload the name of the object it was writing).
/// </param>
/// <param name="Reason">Why it is removable.</param>
/// <param name="Bytes">Its size on the target.</param>
public sealed record CleanupItem(string Name, string Reason, long Bytes);
