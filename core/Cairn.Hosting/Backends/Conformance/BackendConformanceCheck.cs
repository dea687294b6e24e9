namespace Cairn.Hosting.Backends.Conformance;

/// <summary>One named check of <see cref="BackendConformance"/>, for runners that list and run them all.</summary>
/// <param name="Name">A short identifier, such as <c>ranged-reads</c>.</param>
/// <param name="Description">One line saying what the check pins.</param>
/// <param name="RunAsync">Runs the check; throws <see cref="BackendConformanceException"/> (or the backend's own exception) on failure.</param>
public sealed record BackendConformanceCheck(string Name, string Description, Func<CancellationToken, Task> RunAsync);
