using System.Globalization;
using System.Text;

namespace Cairn.Hosting.Profiles;

/// <summary>
/// Durations in duplicity's notation: a whole number and a unit, repeated: <c>30D</c>, <c>2W</c>, <c>12h</c>,
/// <c>1h30m</c>. Units: <c>s</c> seconds, <c>m</c> minutes, <c>h</c> hours, <c>D</c> days, <c>W</c> weeks,
/// <c>M</c> months (30 days), <c>Y</c> years (365 days). <c>m</c> and <c>M</c> differ; <c>d</c>, <c>w</c>
/// and <c>y</c> may also be written in lower case.
/// </summary>
public static class DurationText
{
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);

    /// <summary>Parses <paramref name="text"/>; false when it is not a duration or is zero or absurdly long.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var total = TimeSpan.Zero;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits == span.Length || digits > 6
                || !int.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return false;
            }

            TimeSpan? unit = span[digits] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'D' or 'd' => TimeSpan.FromDays(1),
                'W' or 'w' => TimeSpan.FromDays(7),
                'M' => Month,
                'Y' or 'y' => Year,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            total += unit.Value * count;
            span = span[(digits + 1)..];
        }

        if (total <= TimeSpan.Zero || total > Year * 1000)
        {
            return false;
        }

        duration = total;
        return true;
    }

    /// <summary>Formats a duration in the same notation: <c>30D</c>, <c>2W</c>, <c>1D12h</c>, <c>1h30m</c> (whole seconds).</summary>
    public static string Format(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(duration.Ticks, nameof(duration));
        var day = TimeSpan.FromDays(1);
        if (duration.Ticks % day.Ticks == 0)
        {
            // Whole days read best as days ("30D"), or weeks when they divide evenly ("2W").
            var days = duration.Ticks / day.Ticks;
            return days % 7 == 0
                ? (days / 7).ToString(CultureInfo.InvariantCulture) + "W"
                : days.ToString(CultureInfo.InvariantCulture) + "D";
        }

        var builder = new StringBuilder();
        var rest = duration;
        foreach (var (unit, letter) in new[] { (day, 'D'), (TimeSpan.FromHours(1), 'h'), (TimeSpan.FromMinutes(1), 'm'), (TimeSpan.FromSeconds(1), 's') })
        {
            var count = rest.Ticks / unit.Ticks;
            if (count > 0)
            {
                builder.Append(count.ToString(CultureInfo.InvariantCulture)).Append(letter);
                rest -= unit * count;
            }
        }

        return builder.Length == 0 ? "1s" : builder.ToString();
    }
}
