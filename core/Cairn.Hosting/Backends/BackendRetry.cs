namespace Cairn.Hosting.Backends;

/// <summary>A failed attempt that <see cref="ResilientBackend"/> is about to retry.</summary>
/// <param name="Operation">The call: <c>list</c>, <c>stat</c>, <c>read</c>, <c>write</c>, <c>delete</c>, <c>rename</c>,
/// <c>list-partial</c>, <c>delete-partial</c> (unfinished uploads: <see cref="Cairn.Contracts.Backends.IPartialUploads"/>).</param>
/// <param name="Name">The object name (or listing prefix) involved.</param>
/// <param name="Attempt">The attempt that failed, from 1.</param>
/// <param name="Delay">How long the wrapper waits before the next attempt.</param>
/// <param name="Error">What failed. Backend messages never contain credentials.</param>
public sealed record BackendRetry(string Operation, string Name, int Attempt, TimeSpan Delay, Exception Error)
{
    /// <summary>One log line: <c>write sets/v1 failed (attempt 2): message; retrying in 2.1 s</c>.</summary>
    public override string ToString() =>
        $"{Operation} {Name} failed (attempt {Attempt}): {Error.Message}; retrying in {Delay.TotalSeconds:0.0} s";
}
