using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Cairn.Plugins.Sftp;

/// <summary>
/// An OpenSSH known_hosts file: plain and hashed (<c>|1|salt|hash</c>) host patterns, the <c>[host]:port</c>
/// form for ports other than 22, wildcards and negations, and <c>@revoked</c> markers. Certificate
/// authorities (<c>@cert-authority</c>) are not supported and their lines are ignored.
/// </summary>
internal sealed class KnownHosts
{
    private readonly List<Entry> _entries;

    private KnownHosts(string path, bool exists, List<Entry> entries)
    {
        Path = path;
        Exists = exists;
        _entries = entries;
    }

    /// <summary>The file the entries came from.</summary>
    public string Path { get; }

    /// <summary>False when the file does not exist (every host is then unknown).</summary>
    public bool Exists { get; }

    /// <summary>Reads the file; a missing file knows no host.</summary>
    public static KnownHosts Load(string path)
    {
        if (!File.Exists(path))
        {
            return new KnownHosts(path, exists: false, []);
        }

        var entries = new List<Entry>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            if (Parse(raw.Trim(), lineNumber) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return new KnownHosts(path, exists: true, entries);
    }

    /// <summary>The name a host is filed under: <c>host</c> for port 22, else <c>[host]:port</c>.</summary>
    public static string HostKeyName(string host, int port) => port == 22 ? host : $"[{host}]:{port}";

    /// <summary>The key type written at the start of an SSH public key blob, such as <c>ssh-ed25519</c>.</summary>
    public static string KeyTypeOf(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 4)
        {
            return "unknown";
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(blob);
        return length <= (uint)(blob.Length - 4) ? Encoding.ASCII.GetString(blob.Slice(4, (int)length)) : "unknown";
    }

    /// <summary>The fingerprint as OpenSSH prints it: <c>SHA256:</c> and unpadded base64.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> blob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');

    /// <summary>The key types this file lists for the host, to offer the server only algorithms we can check.</summary>
    public IReadOnlySet<string> KeyTypesFor(string hostKeyName) =>
        _entries.Where(e => !e.Revoked && e.Matches(hostKeyName)).Select(e => e.KeyType).ToHashSet(StringComparer.Ordinal);

    /// <summary>Checks the key a server offered.</summary>
    /// <returns><see langword="null"/> when the key is known for the host; otherwise why it is refused, with what to do.</returns>
    public string? Check(string hostKeyName, byte[] offeredBlob)
    {
        var offeredType = KeyTypeOf(offeredBlob);
        var fingerprint = Fingerprint(offeredBlob);
        var entries = _entries.Where(e => e.Matches(hostKeyName)).ToList();
        if (entries.Any(e => e.Revoked && e.Key.AsSpan().SequenceEqual(offeredBlob)))
        {
            return $"The host key of {hostKeyName} ({offeredType} {fingerprint}) is marked @revoked in {Path}; refusing to connect.";
        }

        var known = entries.Where(e => !e.Revoked).ToList();
        if (known.Any(e => e.Key.AsSpan().SequenceEqual(offeredBlob)))
        {
            return null;
        }

        var removeHint = $"ssh-keygen -R '{hostKeyName}' -f {Path}";
        if (known.Count > 0)
        {
            var lines = string.Join(", ", known.Select(e => $"line {e.Line} ({e.KeyType})"));
            return $"The host key of {hostKeyName} has CHANGED: the server offered {offeredType} {fingerprint}, which does not match "
                + $"{Path} {lines}. Someone may be intercepting the connection, or the server was reinstalled. Refusing to connect. "
                + $"If you have confirmed the new fingerprint with the server's administrator, remove the old entry ({removeHint}) and add the new key.";
        }

        var where = Exists ? $"is not in {Path}" : $"cannot be checked: {Path} does not exist";
        var port = hostKeyName.StartsWith('[') ? hostKeyName[(hostKeyName.LastIndexOf(':') + 1)..] : "22";
        var host = hostKeyName.StartsWith('[') ? hostKeyName[1..hostKeyName.LastIndexOf(']')] : hostKeyName;
        return $"The host key of {hostKeyName} ({offeredType} {fingerprint}) {where}; refusing to connect to an unknown host. "
            + $"Confirm the fingerprint with the server's administrator, then add it, for example with: ssh-keyscan -p {port} -t {offeredType} {host} >> {Path} "
            + "(or connect once with ssh and accept it), or set the option known-hosts to a file that lists it.";
    }

    private static Entry? Parse(string line, int lineNumber)
    {
        if (line.Length == 0 || line[0] == '#')
        {
            return null;
        }

        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var revoked = false;
        var index = 0;
        if (fields[0].StartsWith('@'))
        {
            if (fields[0] != "@revoked")
            {
                return null; // @cert-authority: certificates are not supported.
            }

            revoked = true;
            index = 1;
        }

        if (fields.Length < index + 3)
        {
            return null;
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(fields[index + 2]);
        }
        catch (FormatException)
        {
            return null; // A malformed line matches nothing, as in OpenSSH.
        }

        return new Entry(fields[index], fields[index + 1], key, revoked, lineNumber);
    }

    private sealed record Entry(string Patterns, string KeyType, byte[] Key, bool Revoked, int Line)
    {
        public bool Matches(string hostKeyName)
        {
            if (Patterns.StartsWith("|1|", StringComparison.Ordinal))
            {
                return MatchesHashed(Patterns, hostKeyName);
            }

            var matched = false;
            foreach (var pattern in Patterns.Split(','))
            {
                var negated = pattern.StartsWith('!');
                if (Glob(negated ? pattern[1..] : pattern, hostKeyName))
                {
                    if (negated)
                    {
                        return false;
                    }

                    matched = true;
                }
            }

            return matched;
        }

        private static bool MatchesHashed(string hashed, string hostKeyName)
        {
            var parts = hashed.Split('|');
            if (parts.Length != 4)
            {
                return false;
            }

            try
            {
                var salt = Convert.FromBase64String(parts[2]);
                var expected = Convert.FromBase64String(parts[3]);
                var actual = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(hostKeyName));
                return CryptographicOperations.FixedTimeEquals(expected, actual);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        /// <summary>OpenSSH host pattern matching: <c>*</c> any run, <c>?</c> one character, case-insensitive.</summary>
        private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
        {
            while (!pattern.IsEmpty)
            {
                if (pattern[0] == '*')
                {
                    pattern = pattern[1..];
                    for (var i = 0; i <= text.Length; i++)
                    {
                        if (Glob(pattern, text[i..]))
                        {
                            return true;
                        }
                    }

                    return false;
                }

                if (text.IsEmpty || (pattern[0] != '?' && char.ToLowerInvariant(pattern[0]) != char.ToLowerInvariant(text[0])))
                {
                    return false;
                }

                pattern = pattern[1..];
                text = text[1..];
            }

            return text.IsEmpty;
        }
    }
}
