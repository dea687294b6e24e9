using Cairn.Contracts.Backends;
using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Compression;
using Cairn.Contracts.Plugins;
using Cairn.Contracts.Recipients;

namespace Cairn.Hosting.Plugins;

/// <summary>The link between a <see cref="PluginKind"/>, its name in manifests and its provider interface.</summary>
public static class PluginKinds
{
    /// <summary>
    /// The contracts types a plugin's load context shares with the host. They all live in the
    /// contracts assembly, so sharing them makes that assembly load once, in the host's context.
    /// </summary>
    internal static readonly Type[] SharedTypes =
    [
        typeof(ICairnPlugin),
        typeof(ICompressorProvider),
        typeof(ICipherProvider),
        typeof(IRecipientProvider),
        typeof(IBackendProvider),
    ];

    /// <summary>The lower-case name of <paramref name="kind"/>, as in manifests and profiles.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined kind.</exception>
    public static string Name(PluginKind kind) => kind switch
    {
        PluginKind.Compressor => "compressor",
        PluginKind.Cipher => "cipher",
        PluginKind.Recipient => "recipient",
        PluginKind.Backend => "backend",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown plugin kind."),
    };

    /// <summary>Parses a kind name (<c>compressor</c>, <c>cipher</c>, <c>recipient</c>, <c>backend</c>); false for anything else.</summary>
    public static bool TryParse(string? name, out PluginKind kind)
    {
        switch (name)
        {
            case "compressor": kind = PluginKind.Compressor; return true;
            case "cipher": kind = PluginKind.Cipher; return true;
            case "recipient": kind = PluginKind.Recipient; return true;
            case "backend": kind = PluginKind.Backend; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>The kind whose provider interface is <typeparamref name="T"/>, or <see langword="null"/> for <see cref="ICairnPlugin"/> itself.</summary>
    public static PluginKind? Of<T>()
        where T : class, ICairnPlugin => Of(typeof(T));

    /// <summary>The kind whose provider interface is <paramref name="providerType"/>, or <see langword="null"/> when it is no provider interface.</summary>
    public static PluginKind? Of(Type providerType)
    {
        ArgumentNullException.ThrowIfNull(providerType);
        if (providerType == typeof(ICompressorProvider))
        {
            return PluginKind.Compressor;
        }

        if (providerType == typeof(ICipherProvider))
        {
            return PluginKind.Cipher;
        }

        if (providerType == typeof(IRecipientProvider))
        {
            return PluginKind.Recipient;
        }

        return providerType == typeof(IBackendProvider) ? PluginKind.Backend : null;
    }
}
