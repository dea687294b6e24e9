using System.Globalization;

namespace Cairn.Engine.FileSystem;

/// <summary>
/// A file time as the archive format records it: signed 64-bit nanoseconds since the Unix epoch (SPEC.md
/// section 7), which spans 1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z. The kernel's
/// seconds and nanoseconds reach further (ext4 holds 1901 to 2446, tmpfs and btrfs far more), so a time outside
/// that span is clamped to its nearest end and reported, never wrapped into some other date.
/// </summary>
internal static class RecordedTime
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>The span an archive can record, for messages.</summary>
    public const string Range = "1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z";

    /// <summary>
    /// Converts a <c>statx</c> time to nanoseconds since the epoch; <see langword="false"/> when it lies outside
    /// the recordable span, with <paramref name="nanosecondsSinceEpoch"/> set to the nearest end.
    /// </summary>
    public static bool TryFromUnix(long seconds, uint nanoseconds, out long nanosecondsSinceEpoch)
    {
        // 128 bits hold any seconds times 10^9 exactly; the range check then decides, instead of a wrap.
        Int128 exact = ((Int128)seconds * NanosecondsPerSecond) + nanoseconds;
        if (exact > long.MaxValue)
        {
            nanosecondsSinceEpoch = long.MaxValue;
            return false;
        }

        if (exact < long.MinValue)
        {
            nanosecondsSinceEpoch = long.MinValue;
            return false;
        }

        nanosecondsSinceEpoch = (long)exact;
        return true;
    }

    /// <summary>A <c>statx</c> time as ISO 8601 UTC, or as seconds since the epoch beyond the years 1 to 9999.</summary>
    public static string Describe(long seconds, uint nanoseconds)
    {
        if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return $"{seconds.ToString(CultureInfo.InvariantCulture)} s since the epoch";
        }

        string fraction = nanoseconds == 0 ? string.Empty : "." + nanoseconds.ToString("D9", CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + fraction + "Z";
    }
}
