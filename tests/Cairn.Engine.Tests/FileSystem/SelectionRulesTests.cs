using Cairn.Engine.FileSystem;

namespace Cairn.Engine.Tests.FileSystem;

public class SelectionRulesTests
{
    private static readonly SelectionRules Rules = SelectionRules.Create(
        [
            SelectionRule.Exclude("**/*.tmp"),
            SelectionRule.Exclude("cache/"),
            SelectionRule.Include("docs/2024/report.pdf"),
            SelectionRule.Include("/src/root/photos"),
            SelectionRule.Include("music/*.flac"),
            SelectionRule.Include("code/**/src/"),
            SelectionRule.Include("notes/[a-c]?.txt"),
            SelectionRule.Include("notes/[!a-c]*.md"),
            SelectionRule.Exclude("**"),
        ],
        sourceRoot: "/src/root/");

    public static TheoryData<string, bool, SelectionDecision> Table => new()
    {
        // ** at the start matches at any depth, including the top; exclusion wins because it comes first.
        { "a.tmp", false, SelectionDecision.Exclude },
        { "docs/2024/x.tmp", false, SelectionDecision.Exclude },
        { "photos/deep/b.tmp", false, SelectionDecision.Exclude },
        // A trailing / matches only directories, and everything beneath a matched directory.
        { "cache", true, SelectionDecision.Exclude },
        { "cache/x/y", false, SelectionDecision.Exclude },
        { "cache", false, SelectionDecision.Exclude }, // a file named cache falls through to the final exclude **
        // An include of a deep path makes its ancestors traversed, and only them.
        { "docs", true, SelectionDecision.Traverse },
        { "docs/2024", true, SelectionDecision.Traverse },
        { "docs/2024/report.pdf", false, SelectionDecision.Include },
        { "docs/2024/other.pdf", false, SelectionDecision.Exclude },
        { "docs/2023", true, SelectionDecision.Exclude },
        { "docs/readme", false, SelectionDecision.Exclude },
        // An absolute pattern under the root; an included directory includes everything beneath it.
        { "photos", true, SelectionDecision.Include },
        { "photos/2024/img.jpg", false, SelectionDecision.Include },
        { "photosx", true, SelectionDecision.Exclude },
        // * stays within one segment.
        { "music/a.flac", false, SelectionDecision.Include },
        { "music/sub/a.flac", false, SelectionDecision.Exclude },
        { "music", true, SelectionDecision.Traverse },
        { "music/sub", true, SelectionDecision.Exclude },
        // ** crosses segments; a directory-only include selects the directory and its contents.
        { "code/a/b/src", true, SelectionDecision.Include },
        { "code/src", true, SelectionDecision.Traverse }, // not a match ("code/" + ".*" + "/src"), but ** may lead on
        { "code/src/x.c", false, SelectionDecision.Exclude },
        { "code/a/b/src/main.c", false, SelectionDecision.Include },
        { "code/a/b/src", false, SelectionDecision.Exclude },
        { "code/a/b", true, SelectionDecision.Traverse },
        { "code", true, SelectionDecision.Traverse },
        // ? and classes.
        { "notes/a1.txt", false, SelectionDecision.Include },
        { "notes/d1.txt", false, SelectionDecision.Exclude },
        { "notes/ab1.txt", false, SelectionDecision.Exclude },
        { "notes/zeta.md", false, SelectionDecision.Include },
        { "notes/beta.md", false, SelectionDecision.Exclude },
        // Nothing else survives the final exclude **; the root is always selected.
        { "other", false, SelectionDecision.Exclude },
        { "", true, SelectionDecision.Include },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void First_matching_rule_decides(string path, bool isDirectory, SelectionDecision expected)
    {
        Assert.Equal(expected, Rules.Evaluate(path, isDirectory));
    }

    [Fact]
    public void A_path_no_rule_matches_is_included_like_duplicity()
    {
        var rules = SelectionRules.Create(["docs"], ["**/*.o"], null);
        Assert.Equal(SelectionDecision.Include, rules.Evaluate("anything/else.c", false));
        Assert.Equal(SelectionDecision.Exclude, rules.Evaluate("anything/else.o", false));
        Assert.Equal(SelectionDecision.Include, rules.Evaluate("docs/x.o", false)); // includes come first in this overload
        Assert.True(rules.IsExcluded("x.o", false));
        Assert.False(rules.IsExcluded("x.c", false));
    }

    [Fact]
    public void An_earlier_exclude_of_a_directory_hides_a_later_include_beneath_it()
    {
        var rules = SelectionRules.Create([SelectionRule.Exclude("docs"), SelectionRule.Include("docs/keep")]);
        Assert.Equal(SelectionDecision.Exclude, rules.Evaluate("docs", true));
    }

    [Fact]
    public void Patterns_are_anchored_at_the_root()
    {
        var rules = SelectionRules.Create([SelectionRule.Exclude("*.log"), SelectionRule.Exclude("./build")]);
        Assert.Equal(SelectionDecision.Exclude, rules.Evaluate("a.log", false));
        Assert.Equal(SelectionDecision.Include, rules.Evaluate("sub/a.log", false));
        Assert.Equal(SelectionDecision.Exclude, rules.Evaluate("build/x", false));
        Assert.Equal(SelectionDecision.Include, rules.Evaluate("sub/build", true));
    }

    [Fact]
    public void Escapes_and_unterminated_classes_are_literal()
    {
        var rules = SelectionRules.Create([SelectionRule.Exclude(@"a\*b"), SelectionRule.Exclude("c[d"), SelectionRule.Exclude("e.f")]);
        Assert.True(rules.IsExcluded("a*b", false));
        Assert.False(rules.IsExcluded("axxb", false));
        Assert.True(rules.IsExcluded("c[d", false));
        Assert.False(rules.IsExcluded("exf", false)); // regex metacharacters are literal in globs
    }

    [Theory]
    [InlineData("/elsewhere/x")]
    [InlineData("/src/rootx/y")]
    public void Absolute_patterns_outside_the_root_are_rejected(string pattern)
    {
        var error = Assert.Throws<ArgumentException>(() => SelectionRules.Create([SelectionRule.Include(pattern)], sourceRoot: "/src/root"));
        Assert.Contains("outside the source root", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void Exclude_if_present_must_be_a_plain_name(string marker)
    {
        Assert.Throws<ArgumentException>(() => SelectionRules.Create([], [], marker));
    }
}
