using System.Text;
using Cairn.Format.Entries;

namespace Cairn.Format.Tests.Entries;

public sealed class PathDisplayTests
{
    [Theory]
    [InlineData("docs/report 2026.odt")]
    [InlineData("été/日本語/😀.txt")]
    [InlineData("")]
    public void Printable_names_show_as_they_are(string name) =>
        Assert.Equal(name, PathDisplay.Of(Encoding.UTF8.GetBytes(name)));

    [Theory]
    [InlineData("two\nlines", @"two\nlines")]
    [InlineData("tab\there\rcr", @"tab\there\rcr")]
    [InlineData("esc\u001b[31m", @"esc\x1b[31m")]
    [InlineData("del\u007f", @"del\x7f")]
    [InlineData("c1\u0085", @"c1\u0085")]
    [InlineData(@"back\slash", @"back\\slash")]
    public void Control_characters_and_backslashes_are_escaped(string name, string shown) =>
        Assert.Equal(shown, PathDisplay.Of(Encoding.UTF8.GetBytes(name)));

    [Fact]
    public void Bytes_that_are_not_utf8_show_as_hex()
    {
        byte[] name = [.. "odd"u8, 0xff, .. "name"u8, 0xc3]; // a stray byte, and a sequence cut short
        Assert.Equal(@"odd\xffname\xc3", PathDisplay.Of(name));
    }

    [Fact]
    public void Every_name_shown_reads_back_as_its_bytes()
    {
        var random = new Random(7);
        // Bytes chosen to hit every escape: controls, DEL, C1 characters (0xc2 0x80-0x9f), stray and cut UTF-8, backslashes.
        byte[] alphabet = [0x00 + 1, (byte)'\n', (byte)'\t', (byte)'\r', 0x1b, 0x7f, (byte)'\\', (byte)'x', (byte)'u', (byte)'a', (byte)'0', 0xc2, 0x85, 0x9f, 0xc3, 0xa9, 0xe6, 0x97, 0xa5, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0x80];
        for (var i = 0; i < 20_000; i++)
        {
            var name = new byte[random.Next(1, 12)];
            for (var j = 0; j < name.Length; j++)
            {
                name[j] = alphabet[random.Next(alphabet.Length)];
            }

            var shown = PathDisplay.Of(name);
            Assert.True(name.AsSpan().SequenceEqual(PathDisplay.Parse(shown)), $"{Convert.ToHexString(name)} shown as {shown}");
        }
    }

    [Theory]
    [InlineData(@"caf\xe9.txt", new byte[] { 0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74 })]
    [InlineData(@"a\\b", new byte[] { 0x61, 0x5c, 0x62 })]
    [InlineData(@"c1\u0085", new byte[] { 0x63, 0x31, 0xc2, 0x85 })]
    public void Escapes_as_listings_print_them_give_the_bytes(string text, byte[] bytes) =>
        Assert.Equal(bytes, PathDisplay.Parse(text));

    [Theory]
    [InlineData(@"back\slash")]
    [InlineData(@"dir\")]
    [InlineData(@"half\x4")]
    [InlineData(@"not-c1\u00e9")]
    [InlineData("été/日本語")]
    public void A_backslash_before_anything_else_is_a_backslash(string text) =>
        Assert.Equal(Encoding.UTF8.GetBytes(text), PathDisplay.Parse(text));
}
