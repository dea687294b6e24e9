using Cairn.Engine.Tests.FileSystem;
using Cairn.Engine.Tests.Support;
using CairnProcess = Cairn.Testing.CairnProcess;

namespace Cairn.Engine.Tests.EndToEnd;

/// <summary>
/// <c>cairn backup --include/--exclude/--exclude-if-present</c>, duplicity's selection flags: on their own, and added to
/// a profile's selection (its includes after the profile's, its excludes after the profile's).
/// </summary>
public class BackupSelectionFlagsTests
{
    private static readonly Dictionary<string, string> Environment = new() { ["CAIRN_PASSPHRASE"] = TestTarget.Passphrase };

    private static async Task<List<string>> Listed(TestTarget target, params string[] where)
    {
        var list = await CairnProcess.RunAsync(["list", .. where, "--cache-dir", target.CacheDirectory], Environment);
        Assert.True(list.ExitCode == 0, list.Error);
        return list.Output.TrimEnd().Split('\n').Skip(1).Select(line => line[(line.LastIndexOf(' ') + 1)..]).ToList();
    }

    [Fact]
    public async Task The_flags_select_as_a_profile_would_and_add_to_a_profiles_rules()
    {
        using var target = new TestTarget("cairn-selection-flags");
        Shell.Run("mkdir -p keep .cache tmp skip; touch keep/a keep/a.log .cache/b tmp/c.tmp x.tmp skip/.nobackup skip/d", target.SourceDirectory);
        Shell.Run("mkdir -p tagged; printf 'Signature: 8a477f597d28d172789f06886806bc55' > tagged/CACHEDIR.TAG", target.SourceDirectory);
        string[] direct = ["--target", $"file://{target.StoreDirectory}"];

        var backup = await CairnProcess.RunAsync(
            ["backup", "--source", target.SourceDirectory, .. direct, "--cache-dir", target.CacheDirectory,
             "--exclude", "**/*.tmp", "--exclude", ".cache", "--exclude-if-present", ".nobackup", "--include", "tmp/c.tmp", "--exclude-caches"],
            Environment);
        Assert.True(backup.ExitCode == 0, backup.Error);
        Assert.Equal([".", "keep", "keep/a", "keep/a.log", "tmp", "tmp/c.tmp"], await Listed(target, direct));

        // Cairn tags its own cache root, so that tar's, borg's, restic's and its own exclude-caches leave it out.
        Assert.StartsWith("Signature: 8a477f597d28d172789f06886806bc55\n", File.ReadAllText(Path.Combine(target.CacheDirectory, "CACHEDIR.TAG")), StringComparison.Ordinal);

        // A profile's rules, with the command line's added: both excludes apply.
        var profile = Path.Combine(target.Temp.Path, "p.yaml");
        File.WriteAllText(profile, $$"""
            source: {{target.SourceDirectory}}
            target: { url: "file://{{target.StoreDirectory}}" }
            encryption: { recipients: [ { type: passphrase, env: CAIRN_PASSPHRASE } ] }
            exclude: ["**/*.log"]
            """);
        var withProfile = await CairnProcess.RunAsync(["backup", "--profile", profile, "--cache-dir", target.CacheDirectory, "--exclude", "**/*.tmp"], Environment);
        Assert.True(withProfile.ExitCode == 0, withProfile.Error);
        Assert.Equal([".", ".cache", ".cache/b", "keep", "keep/a", "skip", "skip/.nobackup", "skip/d", "tagged", "tagged/CACHEDIR.TAG", "tmp"], await Listed(target, "--profile", profile));

        var outside = await CairnProcess.RunAsync(["backup", "--source", target.SourceDirectory, .. direct, "--cache-dir", target.CacheDirectory, "--exclude", "/etc"], Environment);
        Assert.Equal(2, outside.ExitCode);
        Assert.Equal($"cairn: The pattern '/etc' is outside the source root '{target.SourceDirectory}' and can never match.", outside.Error.Trim());
    }
}
