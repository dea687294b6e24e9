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
}
