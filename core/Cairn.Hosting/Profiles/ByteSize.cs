using System.Globalization;

namespace Cairn.Hosting.Profiles;

/// <summary>
/// Sizes as people write them: <c>256MiB</c>, <c>1GB</c>, <c>1.5G</c>, <c>4096</c>. Units are case-insensitive;
/// <c>KB</c>/<c>MB</c>/<c>GB</c>/<c>TB</c> are powers of 1000, <c>KiB</c>/<c>MiB</c>/<c>GiB</c>/<c>TiB</c> and the
/// one-letter <c>K</c>/<c>M</c>/<c>G</c>/<c>T</c> are powers of 1024, <c>B</c> or no unit is bytes.
/// </summary>
public static class ByteSize
{
    private static readonly (string Unit, long Factor)[] Units =
    [
        ("kib", 1L << 10), ("mib", 1L << 20), ("gib", 1L << 30), ("tib", 1L << 40),
        ("kb", 1_000L), ("mb", 1_000_000L), ("gb", 1_000_000_000L), ("tb", 1_000_000_000_000L),
        ("k", 1L << 10), ("m", 1L << 20), ("g", 1L << 30), ("t", 1L << 40),
        ("b", 1L),
    ];

    /// <summary>Parses <paramref name="text"/>; false when it is not a size or does not fit in 63 bits.</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var numberEnd = 0;
        while (numberEnd < trimmed.Length && (char.IsAsciiDigit(trimmed[numberEnd]) || trimmed[numberEnd] == '.'))
        {
            numberEnd++;
        }

        var unit = trimmed[numberEnd..].Trim().ToLowerInvariant();
        long factor = 1;
        if (unit.Length > 0)
        {
            var match = Array.FindIndex(Units, u => u.Unit == unit);
            if (match < 0)
            {
                return false;
            }

            factor = Units[match].Factor;
        }

        if (!decimal.TryParse(trimmed[..numberEnd], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var value = number * factor;
        if (value > long.MaxValue || value != decimal.Truncate(value))
        {
            return false;
        }

        bytes = (long)value;
        return true;
    }

    /// <summary>Formats a size the shortest exact way: <c>256MiB</c>, <c>1GB</c>, <c>1000B</c>.</summary>
    public static string Format(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        foreach (var (unit, factor) in new[] { ("TiB", 1L << 40), ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("TB", 1_000_000_000_000L), ("GB", 1_000_000_000L), ("MB", 1_000_000L), ("KB", 1_000L) })
        {
            if (bytes != 0 && bytes % factor == 0)
            {
                return (bytes / factor).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }
}
