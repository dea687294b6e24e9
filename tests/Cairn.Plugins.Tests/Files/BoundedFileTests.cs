using System.Diagnostics;
using Cairn.Contracts.Files;
using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Files;

public sealed class BoundedFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_file_of_exactly_the_limit_is_read_whole()
    {
        var content = RandomBytes(10_000);
        var path = _temp.Combine("exact");
        File.WriteAllBytes(path, content);

        Assert.Equal(content, BoundedFile.ReadAllBytes(path, content.Length));
    }

    [Fact]
    public void A_file_one_byte_over_the_limit_is_refused()
    {
        var path = _temp.Combine("over");
        File.WriteAllBytes(path, new byte[10_001]);

        var ex = Assert.Throws<FileTooLargeException>(() => BoundedFile.ReadAllBytes(path, 10_000));

        Assert.Equal(path, ex.Path);
        Assert.Equal($"{path} holds more than 10000 bytes", ex.Message);
    }

    [Fact]
    public void A_device_that_reports_no_size_and_never_ends_is_refused_at_the_limit()
    {
        // /dev/zero's length is 0: a check of the size alone let it be read until memory ran out.
        var ex = Assert.Throws<FileTooLargeException>(() => BoundedFile.ReadAllBytes("/dev/zero", 64 * 1024));

        Assert.Equal(64 * 1024, ex.MaxBytes);
    }

    [Fact]
    public void A_pipe_that_ends_within_the_limit_is_read_whole()
    {
        var content = RandomBytes(100_000);
        var fifo = _temp.Combine("fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var writer = Task.Run(() =>
        {
            using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            stream.Write(content);
        });

        Assert.Equal(content, BoundedFile.ReadAllBytes(fifo, 1024 * 1024));
        writer.GetAwaiter().GetResult();
    }

    [Fact]
    public void A_missing_file_is_the_usual_not_found_error() =>
        Assert.Throws<FileNotFoundException>(() => BoundedFile.ReadAllBytes(_temp.Combine("absent"), 100));

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }
}
