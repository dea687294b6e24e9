using Cairn.Contracts.Backends;

namespace Cairn.Plugins.Faulty;

/// <summary>A fault chosen for one call: the error, and whether a transfer breaks off midway rather than failing at once.</summary>
internal sealed record InjectedFault(BackendTransientException Error, bool CutOff);
