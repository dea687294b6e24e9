using Cairn.Format.Records;

namespace Cairn.Format.Reading;

/// <summary>Where an <see cref="EntryReadStream"/> gets an entry's data from: one volume's records, or several volumes' in turn.</summary>
internal abstract class EntryDataSource : IDisposable
{
    /// <summary>Reads data; 0 at the end of the entry's data.</summary>
    public abstract int Read(Span<byte> destination);

    /// <summary>The entry-end record once <see cref="Read"/> returned 0, or <see langword="null"/> when the data goes on in a volume not read here.</summary>
    public abstract EntryEndRecord? End { get; }

    public virtual void Dispose()
    {
    }
}
