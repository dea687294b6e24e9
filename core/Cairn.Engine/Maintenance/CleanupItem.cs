namespace Cairn.Engine.Maintenance;

/// <summary>One thing <c>cleanup</c> removes.</summary>
/// <param name="Name">The set folder (ending in <c>/</c>) or object name.</param>
/// <param name="Reason">Why it is removable.</param>
/// <param name="Bytes">Its size on the target.</param>
public sealed record CleanupItem(string Name, string Reason, long Bytes);
