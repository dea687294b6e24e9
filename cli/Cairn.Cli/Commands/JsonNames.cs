using System.Text;
using System.Text.Unicode;
using Cairn.Format.Entries;

namespace Cairn.Cli.Commands;

/// <summary>
/// File names in JSON output. A JSON string holds Unicode text and a name is bytes, so a name that is not UTF-8
/// cannot be given exactly as a string: its field (<c>path</c>, <c>target</c>) holds the name decoded with U+FFFD in
/// place of the bytes that are not UTF-8, and a second field beside it, <c>pathEscaped</c> (<c>path_escaped</c> in
/// the snake_case outputs), holds the name exactly as <c>list</c> prints it (<c>caf\xe9.txt</c>), the form that
/// <c>--path</c> and <c>archive extract</c> read back. The second field is there only for such names, so that a
/// script reads <c>pathEscaped ?? path</c>.
/// </summary>
internal static class JsonNames
{
    /// <summary>Adds <paramref name="key"/> with the name as text, and <paramref name="escapedKey"/> when the name is not UTF-8.</summary>
    public static void Add(IDictionary<string, object?> fields, string key, string escapedKey, byte[]? name)
    {
        fields[key] = name is null ? null : Encoding.UTF8.GetString(name);
        if (name is not null && !Utf8.IsValid(name))
        {
            fields[escapedKey] = PathDisplay.Of(name);
        }
    }
}
