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
}
