namespace Cairn.Contracts.Plugins;

/// <summary>What a plugin provides. Written in lower case in plugin manifests and profiles.</summary>
public enum PluginKind
{
    /// <summary>A frame compressor (<see cref="Compression.ICompressorProvider"/>).</summary>
    Compressor,

    /// <summary>A frame AEAD (<see cref="Ciphers.ICipherProvider"/>).</summary>
    Cipher,

    /// <summary>A way to wrap an archive key for someone (<see cref="Recipients.IRecipientProvider"/>).</summary>
    Recipient,

    /// <summary>A storage backend (<see cref="Backends.IBackendProvider"/>).</summary>
    Backend,
}
