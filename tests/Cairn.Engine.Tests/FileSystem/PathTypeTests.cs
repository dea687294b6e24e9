using Cairn.Engine.FileSystem;
using Cairn.Format.Entries;

namespace Cairn.Engine.Tests.FileSystem;

public sealed class PathTypeTests : IDisposable
{
    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void Tells_a_named_pipe_from_a_file_and_a_directory_without_opening_it()
    {
        Shell.Run("printf data > file; mkdir folder; mkfifo pipe", _work.Path);

        Assert.Equal(EntryType.File, PathType.Of(_work["file"]));
        Assert.Equal(EntryType.Directory, PathType.Of(_work["folder"]));
        Assert.Equal(EntryType.Fifo, PathType.Of(_work["pipe"])); // returns: no writer needed
        Assert.Equal(EntryType.CharacterDevice, PathType.Of("/dev/zero"));
    }

    [Fact]
    public void Follows_symbolic_links_as_opening_would()
    {
        Shell.Run("mkfifo pipe; ln -s pipe to-pipe; ln -s nowhere dangling", _work.Path);

        Assert.Equal(EntryType.Fifo, PathType.Of(_work["to-pipe"]));
        Assert.Null(PathType.Of(_work["dangling"]));
    }

    [Fact]
    public void Nothing_there_is_null()
    {
        Shell.Run("printf data > file", _work.Path);

        Assert.Null(PathType.Of(_work["missing"]));
        Assert.Null(PathType.Of(_work["file/below-a-file"]));
    }
}
