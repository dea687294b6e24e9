namespace Cairn.Engine.Tests.Support;

/// <summary>
/// Tests that measure the process's live heap run alone: other test classes running beside them would
/// allocate into the same heap and make the figure meaningless (and the test flaky).
/// </summary>
[CollectionDefinition(nameof(MemoryMeasurementCollection), DisableParallelization = true)]
public sealed class MemoryMeasurementCollection;
