using System.Text;

namespace Cairn.Contracts.Secrets;

/// <summary>
/// A secret value (passphrase, private key, password) that came from the environment, a file or a
/// prompt. It never prints itself: <see cref="ToString"/> is redacted so that a secret passed to a
/// log line or an exception message cannot leak.
/// </summary>
public sealed class Secret
{
    private readonly byte[] _bytes;

    /// <summary>Creates a secret from raw bytes (copied).</summary>
    public Secret(ReadOnlySpan<byte> bytes, string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        _bytes = bytes.ToArray();
        Origin = origin;
    }

    /// <summary>Creates a secret from text, stored as UTF-8.</summary>
    public static Secret FromText(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Secret(Encoding.UTF8.GetBytes(text), origin);
    }

    /// <summary>Where the secret came from, safe to show: <c>env CAIRN_PASSPHRASE</c>, <c>file ~/.key</c>, <c>prompt</c>.</summary>
    public string Origin { get; }

    /// <summary>The secret's bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The secret as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(_bytes);

    /// <summary>Redacted: names the origin, never the value.</summary>
    public override string ToString() => $"<secret from {Origin}>";
}
