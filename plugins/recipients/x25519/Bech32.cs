using System.Text;

namespace Cairn.Plugins.X25519;

/// <summary>
/// Bech32 (BIP 173), the encoding age uses for its keys: a human-readable prefix, '1', the data in a
/// 32-letter alphabet, and a 6-letter checksum that catches any typo of up to 4 letters.
/// </summary>
internal static class Bech32
{
    private const string Alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const int ChecksumLength = 6;

    public static string Encode(string humanReadablePart, ReadOnlySpan<byte> data)
    {
        var values = ConvertBits(data, 8, 5, pad: true)!;
        var checksum = CreateChecksum(humanReadablePart, values);
        var builder = new StringBuilder(humanReadablePart.Length + 1 + values.Length + ChecksumLength);
        builder.Append(humanReadablePart).Append('1');
        foreach (var value in values.Concat(checksum))
        {
            builder.Append(Alphabet[value]);
        }

        return builder.ToString();
    }

    /// <summary>Decodes <paramref name="text"/>; returns null and says why when it is not valid Bech32 with the expected prefix.</summary>
    public static byte[]? TryDecode(string text, string expectedPrefix, bool mayQuote, out string? problem)
    {
        problem = null;
        if (text.Any(c => c < 33 || c > 126))
        {
            problem = "it contains spaces or characters outside printable ASCII";
            return null;
        }

        if (text.Any(char.IsAsciiLetterLower) && text.Any(char.IsAsciiLetterUpper))
        {
            problem = "it mixes upper and lower case";
            return null;
        }

        var lower = text.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        if (separator < 1 || lower.Length - separator - 1 < ChecksumLength)
        {
            problem = "it is not Bech32 (no '1' separator followed by data)";
            return null;
        }

        var prefix = lower[..separator];
        if (prefix != expectedPrefix)
        {
            problem = mayQuote ? $"it starts with \"{prefix}1\", expected \"{expectedPrefix}1\"" : $"it does not start with \"{expectedPrefix}1\"";
            return null;
        }

        var values = new byte[lower.Length - separator - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var index = Alphabet.IndexOf(lower[separator + 1 + i], StringComparison.Ordinal);
            if (index < 0)
            {
                problem = mayQuote ? $"'{lower[separator + 1 + i]}' is not a Bech32 letter" : "it has a letter outside the Bech32 alphabet";
                return null;
            }

            values[i] = (byte)index;
        }

        if (Polymod(ExpandPrefix(prefix).Concat(values)) != 1)
        {
            problem = "its checksum is wrong (a typo, or a truncated key)";
            return null;
        }

        var data = ConvertBits(values.AsSpan(0, values.Length - ChecksumLength), 5, 8, pad: false);
        if (data is null)
        {
            problem = "its data has invalid padding";
        }

        return data;
    }

    private static byte[] CreateChecksum(string prefix, byte[] values)
    {
        var polymod = Polymod(ExpandPrefix(prefix).Concat(values).Concat(new byte[ChecksumLength])) ^ 1;
        var checksum = new byte[ChecksumLength];
        for (var i = 0; i < ChecksumLength; i++)
        {
            checksum[i] = (byte)((polymod >> (5 * (5 - i))) & 31);
        }

        return checksum;
    }

    private static IEnumerable<byte> ExpandPrefix(string prefix) =>
        prefix.Select(c => (byte)(c >> 5)).Append((byte)0).Concat(prefix.Select(c => (byte)(c & 31)));

    private static uint Polymod(IEnumerable<byte> values)
    {
        ReadOnlySpan<uint> generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
        uint checksum = 1;
        foreach (var value in values)
        {
            var top = checksum >> 25;
            checksum = ((checksum & 0x1ffffff) << 5) ^ value;
            for (var i = 0; i < 5; i++)
            {
                if (((top >> i) & 1) != 0)
                {
                    checksum ^= generator[i];
                }
            }
        }

        return checksum;
    }

    private static byte[]? ConvertBits(ReadOnlySpan<byte> data, int fromBits, int toBits, bool pad)
    {
        var accumulator = 0;
        var bits = 0;
        var maxValue = (1 << toBits) - 1;
        var result = new List<byte>(data.Length * fromBits / toBits + 1);
        foreach (var value in data)
        {
            accumulator = (accumulator << fromBits) | value;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                result.Add((byte)((accumulator >> bits) & maxValue));
            }
        }

        if (pad)
        {
            if (bits > 0)
            {
                result.Add((byte)((accumulator << (toBits - bits)) & maxValue));
            }
        }
        else if (bits >= fromBits || ((accumulator << (toBits - bits)) & maxValue) != 0)
        {
            return null;
        }

        return [.. result];
    }
}
