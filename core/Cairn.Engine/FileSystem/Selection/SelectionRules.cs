namespace Cairn.Engine.FileSystem;

/// <summary>
/// Duplicity-style file selection: an ordered list of include and exclude globs where the first rule
/// that matches a path decides, plus an optional "exclude if present" marker file.
/// </summary>
/// <remarks>
/// <para><b>Subjects.</b> Rules see each path relative to the source root, <c>/</c>-separated (for example
/// <c>docs/a.txt</c>). The root itself is always selected. Names that are not valid UTF-8 are matched
/// with each invalid byte read as U+FFFD.</para>
/// <para><b>Patterns.</b> A pattern is anchored at the source root: <c>docs/*.txt</c> matches
/// <c>docs/a.txt</c> but not <c>x/docs/a.txt</c>. A pattern starting with <c>/</c> is absolute and must
/// lie under the source root (<c>/home/me/docs</c> with root <c>/home/me</c> means <c>docs</c>); a pattern
/// outside it is rejected. A leading <c>./</c> is ignored. A pattern starting with <c>**</c> matches at any
/// depth, including the top: <c>**/*.tmp</c> matches <c>a.tmp</c> and <c>x/y/a.tmp</c>.</para>
/// <para><b>Wildcards.</b> <c>*</c> matches any run of characters within one path segment (never
/// <c>/</c>); <c>**</c> matches any run of characters including <c>/</c>; <c>?</c> matches one character
/// other than <c>/</c>; <c>[abc]</c>, <c>[a-z]</c> match one listed character and <c>[!abc]</c> or
/// <c>[^abc]</c> one character not listed (never <c>/</c>); <c>\x</c> matches <c>x</c> literally. A pattern
/// ending in <c>/</c> matches only directories.</para>
/// <para><b>What a rule matches.</b> A pattern matches a path when it matches the path itself or any of its
/// ancestor directories: <c>exclude build</c> leaves out <c>build</c> and everything beneath it, and
/// <c>include docs</c> selects all of <c>docs</c>. An include rule also matches, with the weaker outcome
/// <see cref="SelectionDecision.Traverse"/>, every directory that leads to something it could match:
/// <c>include docs/2024/report.pdf</c> makes <c>docs</c> and <c>docs/2024</c> traversed, and such a directory
/// is recorded only when something beneath it ends up selected. A pattern whose leading segments contain
/// <c>**</c> can lead anywhere, so it makes every directory from there down traversed.</para>
/// <para><b>Order.</b> Rules are tried in order and the first rule that matches decides. A path no rule
/// matches is included (as in duplicity): include rules only take effect in front of a broader exclude, so
/// "back up only docs" is <c>include docs</c> followed by <c>exclude **</c>. An excluded directory is not
/// descended into, so an include rule cannot reach beneath a directory an earlier rule excluded.</para>
/// <para><b>Exclude if present.</b> With <see cref="ExcludeIfPresent"/> set (for example <c>.nobackup</c>),
/// a directory that contains an entry of that name is left out with everything beneath it, before any rule
/// is consulted. The scanner applies this check, since it needs the directory's contents.</para>
/// </remarks>
public sealed class SelectionRules
{
    private readonly (SelectionAction Action, GlobPattern Pattern)[] _rules;

    private SelectionRules((SelectionAction, GlobPattern)[] rules, string? excludeIfPresent, bool excludeCaches)
    {
        _rules = rules;
        ExcludeIfPresent = excludeIfPresent;
        ExcludeCaches = excludeCaches;
    }

    /// <summary>Rules that select everything.</summary>
    public static SelectionRules All { get; } = new([], null, excludeCaches: false);

    /// <summary>The marker file name that excludes its directory, or <see langword="null"/>.</summary>
    public string? ExcludeIfPresent { get; }

    /// <summary>
    /// Whether a directory holding a cache directory tag (<see cref="CacheDirectoryTag"/>) is left out with everything
    /// beneath it, as tar's, borg's and restic's <c>--exclude-caches</c> do. The scanner applies it, as it applies
    /// <see cref="ExcludeIfPresent"/>.
    /// </summary>
    public bool ExcludeCaches { get; }

    /// <summary>Whether any include or exclude rule exists (when not, every path is included).</summary>
    public bool HasRules => _rules.Length > 0;

    /// <summary>Builds rules from an ordered list.</summary>
    /// <param name="rules">The rules, first match wins.</param>
    /// <param name="excludeIfPresent">A marker file name that excludes the directory holding it, or <see langword="null"/>.</param>
    /// <param name="sourceRoot">The source root, needed to interpret absolute patterns; <see langword="null"/> when none are used.</param>
    /// <param name="excludeCaches">Leave out directories that hold a cache directory tag.</param>
    /// <returns>The compiled rules.</returns>
    /// <exception cref="ArgumentException">A pattern is empty or absolute outside <paramref name="sourceRoot"/>, or the marker name is not a plain file name.</exception>
    public static SelectionRules Create(IEnumerable<SelectionRule> rules, string? excludeIfPresent = null, string? sourceRoot = null, bool excludeCaches = false)
    {
        ArgumentNullException.ThrowIfNull(rules);
        string? root = sourceRoot is null ? null : NormalizeRoot(sourceRoot);
        var compiled = rules.Select(r => (r.Action, GlobPattern.Parse(r.Pattern, root))).ToArray();
        if (excludeIfPresent is not null &&
            (excludeIfPresent.Length == 0 || excludeIfPresent is "." or ".." || excludeIfPresent.Contains('/', StringComparison.Ordinal) || excludeIfPresent.Contains('\0', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{excludeIfPresent}' is not a plain file name; exclude-if-present takes a name such as .nobackup.", nameof(excludeIfPresent));
        }

        return new SelectionRules(compiled, excludeIfPresent, excludeCaches);
    }

    /// <summary>
    /// Builds rules from separate include and exclude lists: all include rules come first, then all
    /// exclude rules (so an include always beats an exclude). Use the ordered overload for anything finer.
    /// </summary>
    /// <param name="include">Include patterns.</param>
    /// <param name="exclude">Exclude patterns.</param>
    /// <param name="excludeIfPresent">A marker file name that excludes the directory holding it, or <see langword="null"/>.</param>
    /// <param name="sourceRoot">The source root, needed to interpret absolute patterns.</param>
    /// <param name="excludeCaches">Leave out directories that hold a cache directory tag.</param>
    /// <returns>The compiled rules.</returns>
    /// <exception cref="ArgumentException">A pattern is empty or absolute outside <paramref name="sourceRoot"/>, or the marker name is not a plain file name.</exception>
    public static SelectionRules Create(IEnumerable<string> include, IEnumerable<string> exclude, string? excludeIfPresent, string? sourceRoot = null, bool excludeCaches = false)
    {
        ArgumentNullException.ThrowIfNull(include);
        ArgumentNullException.ThrowIfNull(exclude);
        return Create(include.Select(SelectionRule.Include).Concat(exclude.Select(SelectionRule.Exclude)), excludeIfPresent, sourceRoot, excludeCaches);
    }

    /// <summary>Decides what happens to one path.</summary>
    /// <param name="relativePath">The path relative to the source root, <c>/</c>-separated, no leading <c>/</c>; empty for the root.</param>
    /// <param name="isDirectory">Whether the path is a directory.</param>
    /// <returns>The decision of the first matching rule, or <see cref="SelectionDecision.Include"/> when none matches.</returns>
    public SelectionDecision Evaluate(string relativePath, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (relativePath.Length == 0 || _rules.Length == 0)
        {
            return SelectionDecision.Include;
        }

        string subject = "/" + relativePath;
        string[]? segments = null;
        foreach (var (action, pattern) in _rules)
        {
            if (pattern.Matches(subject, isDirectory))
            {
                return action == SelectionAction.Include ? SelectionDecision.Include : SelectionDecision.Exclude;
            }

            if (action == SelectionAction.Include && isDirectory)
            {
                segments ??= relativePath.Split('/');
                if (pattern.MayMatchBeneath(segments))
                {
                    return SelectionDecision.Traverse;
                }
            }
        }

        return SelectionDecision.Include;
    }

    /// <summary>Whether the rules leave a path out (<see cref="Evaluate"/> returns <see cref="SelectionDecision.Exclude"/>).</summary>
    /// <param name="relativePath">The path relative to the source root.</param>
    /// <param name="isDirectory">Whether the path is a directory.</param>
    /// <returns><see langword="true"/> when excluded.</returns>
    public bool IsExcluded(string relativePath, bool isDirectory) => Evaluate(relativePath, isDirectory) == SelectionDecision.Exclude;

    /// <summary>Makes a root absolute, without a trailing <c>/</c> (except for <c>/</c> itself).</summary>
    internal static string NormalizeRoot(string root)
    {
        string full = Path.GetFullPath(root);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
