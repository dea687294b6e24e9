using System.Buffers;
using System.Text;

namespace Cairn.Format.Entries;

/// <summary>
/// A path's raw bytes as one line of text for people: listings, warnings and errors. Valid UTF-8 shows as
/// it is; a byte that is not UTF-8 shows as <c>\xff</c>, a control character as <c>\n</c>, <c>\t</c>,
/// <c>\r</c> or <c>\x1b</c>, and a backslash as <c>\\</c> (GNU ls's escape style). A name may hold any
/// byte but <c>/</c> and NUL: printed raw, one holding a newline would pass for two entries in a listing.
/// </summary>
public static class PathDisplay
{
    /// <summary>The text of <paramref name="path"/>, escaped where it could not be read on one line.</summary>
    public static string Of(ReadOnlySpan<byte> path)
    {
        if (!path.ContainsAnyExceptInRange((byte)0x20, (byte)0x7e) && !path.Contains((byte)'\\'))
        {
            return Encoding.ASCII.GetString(path); // the common case: printable ASCII
        }

        var text = new StringBuilder(path.Length + 8);
        while (!path.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(path, out var rune, out var consumed) != OperationStatus.Done)
            {
                text.Append(@"\x").Append(path[0].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                path = path[1..];
                continue;
            }

            _ = rune.Value switch
            {
                '\\' => text.Append(@"\\"),
                '\n' => text.Append(@"\n"),
                '\t' => text.Append(@"\t"),
                '\r' => text.Append(@"\r"),
                < 0x20 or 0x7f => text.Append(@"\x").Append(rune.Value.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
                >= 0x80 and < 0xa0 => text.Append(@"\u").Append(rune.Value.ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => text.Append(rune.ToString()),
            };
            path = path[consumed..];
        }

        return text.ToString();
    }

    /// <summary>
    /// The bytes of a path written as <see cref="Of"/> shows it, so that a name a listing printed can be given back on a
    /// command line (GNU tar unquotes its member names the same way): <c>\xff</c> is the byte 0xff, <c>\n</c>,
    /// <c>\t</c>, <c>\r</c> and <c>\u0085</c> the characters, and <c>\\</c> one backslash. A backslash before
    /// anything else stays a backslash, so a name such as <c>back\slash</c> can still be typed as it is.
    /// </summary>
    /// <param name="text">The path as shown (or as typed: text without escapes is its own UTF-8).</param>
    public static byte[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetBytes(text);
        }

        var bytes = new List<byte>(text.Length + 8);
        Span<byte> encoded = stackalloc byte[4];
        for (var i = 0; i < text.Length;)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                // A byte (a stray one, or a control character) or a C1 character, and how many chars its escape takes.
                var (length, value, isByte) = text[i + 1] switch
                {
                    '\\' => (2, '\\', true),
                    'n' => (2, '\n', true),
                    't' => (2, '\t', true),
                    'r' => (2, '\r', true),
                    'x' when Hex(text, i + 2, 2) is { } b => (4, b, true),
                    'u' when Hex(text, i + 2, 4) is { } c && c is >= 0x80 and < 0xa0 => (6, c, false),
                    _ => (0, 0, false),
                };
                if (length > 0)
                {
                    if (isByte)
                    {
                        bytes.Add((byte)value);
                    }
                    else
                    {
                        bytes.AddRange(encoded[..new Rune(value).EncodeToUtf8(encoded)]);
                    }

                    i += length;
                    continue;
                }
            }

            var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
            bytes.AddRange(encoded[..(status == OperationStatus.Done ? rune : Rune.ReplacementChar).EncodeToUtf8(encoded)]);
            i += consumed;
        }

        return [.. bytes];
    }

    /// <summary>
    /// The paths a name typed on a command line can mean, most likely first: as a listing shows it
    /// (<see cref="Parse"/>), and, when it has a backslash that reads differently, as typed, for a name that holds
    /// backslashes and was copied from elsewhere than a listing (<c>C:\new\tab.txt</c>).
    /// </summary>
    /// <param name="text">The path as typed.</param>
    public static IReadOnlyList<byte[]> Readings(string text)
    {
        var shown = Parse(text);
        var typed = Encoding.UTF8.GetBytes(text);
        return shown.AsSpan().SequenceEqual(typed) ? [shown] : [shown, typed];
    }

    /// <summary>The value of <paramref name="digits"/> hex digits at <paramref name="start"/>, or null.</summary>
    private static int? Hex(string text, int start, int digits) =>
        start + digits <= text.Length && int.TryParse(text.AsSpan(start, digits), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
