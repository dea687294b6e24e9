using Cairn.Contracts.Backends;
using Cairn.Hosting.Backends;
using Cairn.Plugins.Faulty;
using Cairn.Plugins.Local;
using Cairn.Testing;

namespace Cairn.Backends.Tests.Faulty;

/// <summary>The fault-injecting wrapper over the local backend, alone and under <see cref="ResilientBackend"/>.</summary>
public sealed class FaultyBackendTests : IDisposable
{
    private readonly TempDirectory _directory = new("cairn-faulty");

    public void Dispose() => _directory.Dispose();

    private FaultyBackend Open(string root, Dictionary<string, string> options)
    {
        options["inner-url"] = new Uri(root).AbsoluteUri;
        var settings = new BackendSettings(new Uri("faulty:"), options, _ => null)
        {
            OpenBackend = (url, innerOptions) => new LocalBackendProvider().Open(new BackendSettings(url, innerOptions, _ => null)),
        };
        return (FaultyBackend)new FaultyBackendProvider().Open(settings);
    }

    private static ResilienceOptions QuickRetries(List<BackendRetry> retries, int attempts = 12) => new()
    {
        MaxAttempts = attempts,
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(20),
        OnRetry = r =>
        {
            lock (retries)
            {
                retries.Add(r);
            }
        },
    };

    [Fact]
    public async Task Writes_and_reads_through_a_flaky_store_complete_correctly_with_retries()
    {
        var root = _directory.NewSubdirectory();
        var faulty = Open(root, new() { ["failure-rate"] = "0.3", ["cut-off-after-bytes"] = "5000", ["seed"] = "42" });
        var retries = new List<BackendRetry>();
        await using var store = new ResilientBackend(faulty, QuickRetries(retries));
        var contents = Enumerable.Range(0, 30).Select(i => Enumerable.Range(0, 1000 + (i * 997)).Select(b => (byte)(b * (i + 3))).ToArray()).ToArray();

        for (var i = 0; i < contents.Length; i++)
        {
            await store.WriteAsync($"sets/volume-{i:D2}", new MemoryStream(contents[i]));
        }

        for (var i = 0; i < contents.Length; i++)
        {
            await using var read = await store.OpenReadAsync($"sets/volume-{i:D2}");
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(contents[i], copy.ToArray());
            await using var ranged = await store.OpenReadAsync($"sets/volume-{i:D2}", 500, 400);
            using var rangedCopy = new MemoryStream();
            await ranged.CopyToAsync(rangedCopy);
            Assert.Equal(contents[i].AsSpan(500, 400).ToArray(), rangedCopy.ToArray());
        }

        var listed = new List<BackendObjectInfo>();
        await foreach (var item in store.ListAsync("sets/"))
        {
            listed.Add(item);
        }

        Assert.Equal(contents.Length, listed.Count);
        Assert.True(faulty.Plan.InjectedFaults >= 10, $"only {faulty.Plan.InjectedFaults} faults were injected");
        Assert.NotEmpty(retries);
        Assert.All(Directory.GetFiles(root, "*", SearchOption.AllDirectories), f => Assert.DoesNotContain(BackendNames.PartialUploadPrefix, f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dead_store_fails_with_a_clear_error_after_the_retries_and_holds_nothing()
    {
        var root = _directory.NewSubdirectory();
        var retries = new List<BackendRetry>();
        await using var store = new ResilientBackend(Open(root, new() { ["mode"] = "dead" }), QuickRetries(retries, attempts: 3));
        var error = await Assert.ThrowsAnyAsync<BackendException>(() => store.WriteAsync("sets/volume-1", new MemoryStream(new byte[100])));
        Assert.True(error.IsTransient);
        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, retries.Count);
        Assert.False(Directory.Exists(root) && Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task A_store_that_dies_after_some_calls_passes_them_then_fails_every_call()
    {
        var root = _directory.NewSubdirectory();
        await using var store = Open(root, new() { ["failure-rate"] = "0", ["dead-after-calls"] = "3" });
        await store.WriteAsync("a", new MemoryStream([1, 2, 3]));
        Assert.Equal(3, (await store.StatAsync("a"))!.Size);
        await using (var read = await store.OpenReadAsync("a"))
        {
            Assert.Equal(1, read.ReadByte());
        }

        var error = await Assert.ThrowsAsync<BackendTransientException>(() => store.StatAsync("a"));
        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<BackendTransientException>(() => store.WriteAsync("b", new MemoryStream([4])));
        Assert.Equal(2, store.Plan.InjectedFaults);
        Assert.False(File.Exists(Path.Combine(root, "b")));
    }

    [Fact]
    public async Task The_same_seed_injects_the_same_faults()
    {
        async Task<string> PatternAsync()
        {
            await using var store = Open(_directory.NewSubdirectory(), new() { ["failure-rate"] = "0.5", ["seed"] = "7" });
            var outcome = new System.Text.StringBuilder();
            for (var i = 0; i < 40; i++)
            {
                try
                {
                    await store.StatAsync("x");
                    outcome.Append('.');
                }
                catch (BackendTransientException)
                {
                    outcome.Append('F');
                }
            }

            return outcome.ToString();
        }

        var first = await PatternAsync();
        Assert.Equal(first, await PatternAsync());
        Assert.Contains('F', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task A_cut_off_read_breaks_after_the_given_bytes()
    {
        var root = _directory.NewSubdirectory();
        await using (var local = new LocalBackend(root))
        {
            await local.WriteAsync("big", new MemoryStream(new byte[20_000]));
        }

        await using var store = Open(root, new() { ["failure-rate"] = "1", ["cut-off-after-bytes"] = "3000" });
        await using var read = await store.OpenReadAsync("big");
        var buffer = new byte[20_000];
        var total = 0;
        var error = await Assert.ThrowsAsync<BackendTransientException>(async () =>
        {
            int n;
            while ((n = await read.ReadAsync(buffer.AsMemory(total))) > 0)
            {
                total += n;
            }
        });
        Assert.Equal(3000, total);
        Assert.Contains("injected", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("failure-rate", "1.5")]
    [InlineData("failure-rate", "lots")]
    [InlineData("mode", "sometimes")]
    [InlineData("delay-ms", "-4")]
    [InlineData("dead-after-calls", "-1")]
    [InlineData("dead-after-calls", "soon")]
    public void Malformed_options_are_refused_by_name(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Open(_directory.NewSubdirectory(), new() { [option] = value }));
        Assert.Contains(option.Split('-')[0], error.Message, StringComparison.Ordinal);
    }
}
