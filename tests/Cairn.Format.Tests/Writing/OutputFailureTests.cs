using Cairn.Contracts.Streams;
using Cairn.Format.Tests.Support;

namespace Cairn.Format.Tests.Writing;

/// <summary>
/// Frames reach the output on a thread of their own: a write that fails there must still reach the
/// caller as itself, stop the volume, and let the writer be disposed without waiting forever.
/// </summary>
public sealed class OutputFailureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void An_output_that_fails_mid_volume_surfaces_its_own_error_and_takes_no_more_bytes(int parallelism)
    {
        var output = new FailingOutput(failAfter: 200 * 1024);
        var writer = new ArchiveWriter(output, TestArchive.Options(encrypted: false, frameSize: 16 * 1024, parallelism: parallelism));
        var ex = Assert.Throws<IOException>(() =>
        {
            for (var i = 0; i < 40; i++)
            {
                writer.AddEntry(TestEntries.File($"file-{i}"), new MemoryStream(TestEntries.Data(64 * 1024, i)));
            }

            writer.Finish();
        });

        Assert.Equal("the disk went away", ex.Message);
        var dispose = Task.Run(writer.Dispose);
        Assert.True(dispose.Wait(TimeSpan.FromSeconds(30)), "disposing the writer hung after the failure");
        Assert.Equal(0, output.WritesAfterFailure);
    }

    /// <summary>Takes bytes until it has <c>failAfter</c> of them, then fails every write.</summary>
    private sealed class FailingOutput(long failAfter) : ForwardWriteStream
    {
        private long _written;
        private bool _failed;

        public int WritesAfterFailure { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_failed)
            {
                WritesAfterFailure++;
            }

            if (_written + buffer.Length > failAfter)
            {
                _failed = true;
                throw new IOException("the disk went away");
            }

            _written += buffer.Length;
        }
    }
}
