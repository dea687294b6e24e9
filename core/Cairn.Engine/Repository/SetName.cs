using System.Globalization;

namespace Cairn.Engine.Repository;

/// <summary>
/// The name of a backup set and of its folder on the target: <c>full-20261126T031500Z</c> or
/// <c>inc-20261126T041500Z</c>. Times are UTC to the second; names sort by time within a kind.
/// </summary>
/// <param name="Kind">Full or incremental.</param>
/// <param name="Time">When the backup started, UTC, whole seconds.</param>
public readonly record struct SetName(SetKind Kind, DateTimeOffset Time) : IComparable<SetName>
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Creates a name, truncating <paramref name="time"/> to whole UTC seconds.</summary>
    public static SetName Create(SetKind kind, DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new SetName(kind, new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
    }

    /// <summary>The folder prefix of the set's objects, ending with <c>/</c>.</summary>
    public string Prefix => ToString() + "/";

    /// <summary>Parses a set folder name.</summary>
    /// <returns>False when <paramref name="text"/> is not a set name.</returns>
    public static bool TryParse(string text, out SetName name)
    {
        name = default;
        SetKind kind;
        string rest;
        if (text.StartsWith("full-", StringComparison.Ordinal))
        {
            kind = SetKind.Full;
            rest = text[5..];
        }
        else if (text.StartsWith("inc-", StringComparison.Ordinal))
        {
            kind = SetKind.Incremental;
            rest = text[4..];
        }
        else
        {
            return false;
        }

        if (!DateTimeOffset.TryParseExact(rest, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return false;
        }

        name = new SetName(kind, time);
        return true;
    }

    /// <summary>Orders by time, then full before incremental.</summary>
    public int CompareTo(SetName other)
    {
        var byTime = Time.CompareTo(other.Time);
        return byTime != 0 ? byTime : Kind.CompareTo(other.Kind);
    }

    /// <inheritdoc />
    public override string ToString() =>
        (Kind == SetKind.Full ? "full-" : "inc-") + Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
}
