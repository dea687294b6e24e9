using System.Globalization;

namespace Cairn.Engine.Time;

/// <summary>
/// Parses the time formats duplicity accepts for <c>--time</c> and <c>--older-than</c>:
/// <list type="bullet">
/// <item><c>now</c>: the newest backup, whatever the clock says (<see cref="Newest"/>);</item>
/// <item>seconds since the Unix epoch (<c>1764126900</c>);</item>
/// <item>ISO 8601 dates and times (<c>2026-11-26</c>, <c>2026-11-26T03:15:00</c>, <c>2026-11-26T03:15:00+01:00</c>,
/// <c>2026-11-26T03:15:00Z</c>); without an offset they are local time, like duplicity's;</item>
/// <item><c>YYYY/MM/DD</c> and <c>MM/DD/YYYY</c>;</item>
/// <item>intervals meaning "that long ago", counted back from the clock: a sequence of a number and a unit, <c>s</c> seconds, <c>m</c> minutes,
/// <c>h</c> hours, <c>D</c> days, <c>W</c> weeks, <c>M</c> months (30 days), <c>Y</c> years (365 days), for
/// example <c>3D</c>, <c>2W</c>, <c>1h30m</c>.</item>
/// </list>
/// </summary>
public static class TimeSpecification
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy/MM/dd", "MM/dd/yyyy",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss",
    ];

    /// <summary>
    /// What <c>now</c> (and no time at all) stands for: later than every backup, so a search finds the newest one.
    /// Not the clock's time: a backup made while the clock is behind the newest set on the target is named one second
    /// after that set (see <see cref="Backup.BackupJob"/>), so the clock's now would find an older backup than the one
    /// just made, and a restore would quietly bring back stale files.
    /// </summary>
    public static readonly DateTimeOffset Newest = DateTimeOffset.MaxValue;

    /// <summary>
    /// An interval as messages write it, in the largest unit that divides it: <c>30 days</c>, <c>36 hours</c>,
    /// <c>90 minutes</c>, <c>45 seconds</c> (not .NET's <c>30.00:00:00</c>).
    /// </summary>
    public static string Describe(TimeSpan interval)
    {
        static string Count(long n, string unit) => n.ToString(CultureInfo.InvariantCulture) + " " + unit + (n == 1 ? "" : "s");
        return interval.Ticks % TimeSpan.TicksPerDay == 0 ? Count(interval.Ticks / TimeSpan.TicksPerDay, "day")
            : interval.Ticks % TimeSpan.TicksPerHour == 0 ? Count(interval.Ticks / TimeSpan.TicksPerHour, "hour")
            : interval.Ticks % TimeSpan.TicksPerMinute == 0 ? Count(interval.Ticks / TimeSpan.TicksPerMinute, "minute")
            : Count((long)interval.TotalSeconds, "second");
    }

    /// <summary>A time as messages write it: UTC to the second, in the ISO 8601 form <c>--time</c> takes back (<c>2026-11-26T03:15:00Z</c>).</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses <paramref name="text"/>; <c>now</c> is <see cref="Newest"/>, and intervals count back from <paramref name="clock"/>.
    /// </summary>
    /// <exception cref="FormatException">The text is in none of the formats; the message lists them.</exception>
    public static DateTimeOffset Parse(string text, DateTimeOffset clock)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, clock, out var time))
        {
            return time;
        }

        throw new FormatException($"Cannot read the time \"{text}\": use now, an ISO 8601 date or time (2026-11-26, 2026-11-26T03:15:00Z), seconds since the epoch, or an interval such as 3D, 2W or 1h30m.");
    }

    /// <summary>Parses <paramref name="text"/> as <see cref="Parse"/> does; false when it is in no known format.</summary>
    public static bool TryParse(string text, DateTimeOffset clock, out DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        time = default;
        if (text.Length == 0)
        {
            return false;
        }

        if (text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            time = Newest;
            return true;
        }

        if (text.All(char.IsAsciiDigit) && text.Length > 8 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            if (epoch > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return false; // after the year 9999: not a time anyone means
            }

            time = DateTimeOffset.FromUnixTimeSeconds(epoch);
            return true;
        }

        if (TryParseInterval(text, out var interval))
        {
            if (interval > clock - DateTimeOffset.MinValue)
            {
                return false; // before the year 1
            }

            time = clock - interval;
            return true;
        }

        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || HasNumericOffset(text);
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            return true;
        }

        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var local))
        {
            time = new DateTimeOffset(local);
            return true;
        }

        return false;
    }

    /// <summary>Parses an interval such as <c>1h30m</c>; false when <paramref name="text"/> is not one.</summary>
    public static bool TryParseInterval(string text, out TimeSpan interval)
    {
        interval = TimeSpan.Zero;
        var i = 0;
        var any = false;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 1_000_000)
            {
                interval = TimeSpan.Zero;
                return false;
            }

            var unit = text[i++] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'D' or 'd' => TimeSpan.FromDays(1),
                'W' or 'w' => TimeSpan.FromDays(7),
                'M' => TimeSpan.FromDays(30),
                'Y' or 'y' => TimeSpan.FromDays(365),
                _ => TimeSpan.Zero,
            };
            if (unit == TimeSpan.Zero || unit.Ticks > (TimeSpan.MaxValue - interval).Ticks / Math.Max(n, 1))
            {
                // Not a unit, or more than TimeSpan holds (some 29,000 years).
                interval = TimeSpan.Zero;
                return false;
            }

            interval += unit * n;
            any = true;
        }

        return any;
    }

    private static bool HasNumericOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        if (t < 0)
        {
            return false;
        }

        var timePart = text.AsSpan(t);
        return timePart.Contains('+') || timePart.Contains('-');
    }
}
