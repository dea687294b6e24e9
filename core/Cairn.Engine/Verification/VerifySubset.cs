using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Cairn.Engine.Verification;

/// <summary>
/// One part of a verification split into <see cref="Parts"/> parts (restic's <c>--read-data-subset n/t</c>): the data
/// volumes and the files whose stable hash falls in part <see cref="Part"/>. Run part 1 tonight, part 2 tomorrow, and
/// after <see cref="Parts"/> runs every volume has been read whole and every file rebuilt once, at a
/// <see cref="Parts"/>th of the download each night: verifying a remote target whole costs its full size in transfer.
/// </summary>
/// <param name="Part">The part checked, from 1 to <see cref="Parts"/>.</param>
/// <param name="Parts">How many parts the data is split into.</param>
public sealed record VerifySubset(int Part, int Parts)
{
    /// <summary>Reads <c>N/T</c>, such as <c>3/7</c>.</summary>
    /// <exception cref="FormatException">Not two whole numbers with 1 &lt;= N &lt;= T &lt;= 10,000.</exception>
    public static VerifySubset Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var halves = text.Split('/');
        if (halves.Length == 2
            && int.TryParse(halves[0], NumberStyles.None, CultureInfo.InvariantCulture, out var part)
            && int.TryParse(halves[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parts)
            && part >= 1 && part <= parts && parts <= 10_000)
        {
            return new VerifySubset(part, parts);
        }

        throw new FormatException($"Cannot read the subset \"{text}\": write N/T, part N of T parts, such as 1/7 (1 <= N <= T <= 10000).");
    }

    /// <summary>
    /// Whether <paramref name="key"/> (a volume's object name, a file's path) is in this part. The same key falls in the
    /// same part on every run and every machine (XXH3 of its UTF-8 bytes).
    /// </summary>
    public bool Holds(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return (int)(XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(key)) % (ulong)Parts) == Part - 1;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Part.ToString(CultureInfo.InvariantCulture)}/{Parts.ToString(CultureInfo.InvariantCulture)}";
}
