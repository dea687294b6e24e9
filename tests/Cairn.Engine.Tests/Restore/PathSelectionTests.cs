using System.Text;
using Cairn.Engine.Restore;

namespace Cairn.Engine.Tests.Restore;

/// <summary>
/// Which catalogue paths a restore of a few paths wants, and where in the catalogue's order it can stop reading.
/// </summary>
public class PathSelectionTests
{
    [Theory]
    [InlineData("include/GLES/gl.h", "include/GLES/gl.h", false)] // the path itself
    [InlineData("include/GLES", "include/GLES/gl.h", false)] // its ancestors
    [InlineData("include/GLES/gl.h/x", "include/GLES/gl.h", false)] // beneath it (a folder of that name)
    [InlineData("include/GLES/gl.h-old", "include/GLES/gl.h", true)] // after its subtree: '/' sorts first
    [InlineData("include/GLES/glext.h", "include/GLES/gl.h", true)]
    [InlineData("include/GLES2", "include/GLES/gl.h", true)]
    [InlineData("include/EGL/egl.h", "include/GLES/gl.h", false)] // before it
    [InlineData("lib", "include/GLES/gl.h", true)]
    public void A_path_is_past_the_selection_only_after_every_requested_subtree(string path, string requested, bool past)
    {
        var selection = new PathSelection([requested]);

        Assert.Equal(past, selection.IsPastAll(Encoding.UTF8.GetBytes(path)));
    }

    [Fact]
    public void With_several_paths_the_last_subtree_decides()
    {
        var selection = new PathSelection(["a/first", "c/last"]);

        Assert.False(selection.IsPastAll("b"u8.ToArray()));
        Assert.False(selection.IsPastAll("c/last/deep"u8.ToArray()));
        Assert.True(selection.IsPastAll("c/later"u8.ToArray()));
    }

    [Fact]
    public void A_selection_of_everything_is_never_past()
    {
        Assert.False(new PathSelection([]).IsPastAll("zzz"u8.ToArray()));
        Assert.False(new PathSelection(["a", "."]).IsPastAll("zzz"u8.ToArray()));
    }
}
