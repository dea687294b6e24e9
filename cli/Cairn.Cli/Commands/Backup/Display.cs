using System.Globalization;
using System.Text.Json;
using Cairn.Format.Entries;
using Spectre.Console;

namespace Cairn.Cli.Commands.Backup;

/// <summary>Formatting shared by the engine's commands: sizes, times, JSON output, and whether to draw live progress.</summary>
internal static class Display
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Live progress only on a terminal; plain lines otherwise (logs, pipes, cron).</summary>
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>The letter <c>ls -l</c> uses for an entry's type (<c>-</c> for a file).</summary>
    public static char TypeLetter(EntryType type) => type switch
    {
        EntryType.Directory => 'd',
        EntryType.Symlink => 'l',
        EntryType.HardLink => 'h',
        EntryType.CharacterDevice => 'c',
        EntryType.BlockDevice => 'b',
        EntryType.Fifo => 'p',
        EntryType.Socket => 's',
        _ => '-',
    };

    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>An entry's modification time as the listings show it, to the millisecond.</summary>
    public static DateTimeOffset ModifiedAt(EntryMetadata metadata) => DateTimeOffset.FromUnixTimeMilliseconds(metadata.ModificationTimeNs / 1_000_000);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:D2}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:D2}s" : $"{span.TotalSeconds:0.0}s";

    /// <summary>
    /// Draws a small table off screen, so that the first real one runs code that has run before. Spectre.Console's first
    /// table (its console's capability detection, column measurement, the character-width tables) took ~30 ms of a
    /// `status` of ~160 ms, after everything else. Run on the thread pool while the command line is parsed; it
    /// never fails, and the real console is left for the command to create.
    /// </summary>
    public static void PrepareTables()
    {
        try
        {
            var offScreen = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
            offScreen.Write(new Table().AddColumns("Set", "Time").AddRow("full-20261127T000000Z", Time(DateTimeOffset.UnixEpoch)));
        }
#pragma warning disable CA1031 // Only a warm-up: the command draws its own table and meets any error there.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>
    /// Parses a duplicity time (<c>now</c>, ISO 8601, <c>3D</c>...), for --time and --older-than; no time and <c>now</c>
    /// both mean the newest backup, whatever the clock says.
    /// </summary>
    /// <exception cref="ArgumentException">The text is in no known format.</exception>
    public static DateTimeOffset ParseTime(string? text, string option)
    {
        if (text is null)
        {
            return Engine.Time.TimeSpecification.Newest;
        }

        try
        {
            return Engine.Time.TimeSpecification.Parse(text, DateTimeOffset.UtcNow);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"{option}: {ex.Message}", ex);
        }
    }
}
