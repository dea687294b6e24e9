namespace Cairn.Engine.Catalogue;

/// <summary>
/// The order of paths in catalogues, archives and scans: depth-first, children of a directory by the
/// bytes of their names. It equals ordinal byte order with <c>/</c> sorting below every other byte, so
/// <c>a/b</c> comes before <c>a-c</c> and a directory's whole subtree comes right after it.
/// </summary>
public sealed class PathOrder : IComparer<byte[]>
{
    /// <summary>The one instance.</summary>
    public static readonly PathOrder Instance = new();

    /// <inheritdoc />
    public int Compare(byte[]? x, byte[]? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        return y is null ? 1 : Compare(x.AsSpan(), y.AsSpan());
    }

    /// <summary>Compares two paths in catalogue order.</summary>
    public static int Compare(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var common = x.CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }

        return Rank(x[common]).CompareTo(Rank(y[common]));
    }

    private static int Rank(byte b) => b == (byte)'/' ? -1 : b;
}
