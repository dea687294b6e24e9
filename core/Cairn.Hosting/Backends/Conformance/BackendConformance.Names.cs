using Cairn.Contracts.Backends;
using static Cairn.Hosting.Backends.Conformance.ConformanceContent;

namespace Cairn.Hosting.Backends.Conformance;

public sealed partial class BackendConformance
{
    /// <summary>Names the checks expect every backend to store and list unchanged.</summary>
    public static IReadOnlyList<string> OddNames { get; } =
    [
        "with space.txt", "dir with space/inner file", "unicode-é-ß-日本語-🙂", "hash#fragment", "percent%20encoded%",
        "plus+sign", "equals=sign&amp", "question?mark", "semi;colon,comma", "quote'single\"double", "[brackets](parens){braces}",
        "tilde~caret^dollar$at@", "back\\slash", "trailing.dot.", ".hidden", "...three-dots", "-leading-dash",
    ];

    /// <summary>Names every operation must reject with <see cref="ArgumentException"/>.</summary>
    public static IReadOnlyList<string> InvalidNames { get; } =
    [
        "", "/absolute", "/", ".", "..", "../escape", "a/../../escape", "a/./b", "a//b", "trailing/", "nul\0byte",
        "dir/" + BackendNames.PartialUploadPrefix + "x",
    ];

    /// <summary>Names with spaces, unicode and punctuation round-trip through write, list, stat, read and delete.</summary>
    public Task OddNamesRoundTripAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        var expected = new List<(string, long)>();
        for (var i = 0; i < OddNames.Count; i++)
        {
            var name = OddNames[i];
            var content = Bytes(10 + i, 60 + i);
            await WriteBytesAsync(store, name, content, cancellationToken).ConfigureAwait(false);
            Equal(content, await ReadBytesAsync(store, name, cancellationToken).ConfigureAwait(false), $"reading \"{name}\"");
            EqualValue((long)content.Length, (await store.StatAsync(name, cancellationToken).ConfigureAwait(false))?.Size ?? -1, $"stat of \"{name}\"");
            expected.Add((name, content.Length));
        }

        Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), expected, "listing odd names");
        foreach (var name in OddNames)
        {
            await store.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        }

        Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), [], "listing after deleting the odd names");
    }, cancellationToken);

    /// <summary>Invalid names are rejected with <see cref="ArgumentException"/> by every operation, and nothing is written.</summary>
    public Task RejectsInvalidNamesAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        await WriteBytesAsync(store, "valid", Bytes(5, 70), cancellationToken).ConfigureAwait(false);
        foreach (var name in InvalidNames)
        {
            var shown = BackendNames.Printable(name);
            await ThrowsAsync<ArgumentException>(() => WriteBytesAsync(store, name, Bytes(5, 71), cancellationToken), $"writing \"{shown}\"").ConfigureAwait(false);
            await ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(name, 0, null, cancellationToken), $"reading \"{shown}\"").ConfigureAwait(false);
            await ThrowsAsync<ArgumentException>(() => store.StatAsync(name, cancellationToken), $"stat of \"{shown}\"").ConfigureAwait(false);
            await ThrowsAsync<ArgumentException>(() => store.DeleteAsync(name, cancellationToken), $"deleting \"{shown}\"").ConfigureAwait(false);
            if (store.Capabilities.HasFlag(BackendCapabilities.Rename))
            {
                await ThrowsAsync<ArgumentException>(() => store.RenameAsync("valid", name, cancellationToken), $"renaming to \"{shown}\"").ConfigureAwait(false);
                await ThrowsAsync<ArgumentException>(() => store.RenameAsync(name, "valid2", cancellationToken), $"renaming from \"{shown}\"").ConfigureAwait(false);
            }
        }

        await ThrowsAsync<ArgumentException>(() => ListAllAsync(store, "/absolute", cancellationToken), "listing prefix /absolute").ConfigureAwait(false);
        await ThrowsAsync<ArgumentException>(() => ListAllAsync(store, "../", cancellationToken), "listing prefix ../").ConfigureAwait(false);
        Listed(await ListAllAsync(store, "", cancellationToken).ConfigureAwait(false), [("valid", 5)], "listing after rejected writes");
    }, cancellationToken);
}
