using Cairn.Plugins.Tests.Support;

namespace Cairn.Plugins.Tests.Recipients;

/// <summary>Keys made by the real gpg: RSA 3072 (with an encryption subkey), ed25519/cv25519, and a passphrase-protected one.</summary>
public sealed class GpgKeysFixture : IDisposable
{
    public const string ProtectedPassphrase = "correct horse battery staple";

    public GpgKeysFixture()
    {
        Gpg = new Gpg();
        Gpg.Run(string.Empty, "--quick-gen-key", "Cairn Test <t@example.org>", "rsa3072");
        RsaSignOnlyPublic = Gpg.Run(string.Empty, "--export", "--armor", "t@example.org");
        Gpg.Run(string.Empty, "--quick-add-key", Gpg.Fingerprint("t@example.org"), "rsa3072", "encr");
        Gpg.Run(string.Empty, "--quick-gen-key", "Cairn Future <f@example.org>", "future-default");
        Gpg.Run(ProtectedPassphrase, "--quick-gen-key", "Cairn Locked <l@example.org>", "future-default");
    }

    public Gpg Gpg { get; }

    /// <summary>The RSA key as it was before its encryption subkey was added: [SC] only.</summary>
    public byte[] RsaSignOnlyPublic { get; }

    public byte[] PublicArmored(string email) => Gpg.Run(string.Empty, "--export", "--armor", email);

    public byte[] PublicBinary(string email) => Gpg.Run(string.Empty, "--export", email);

    public byte[] SecretArmored(string email, string passphrase = "") => Gpg.Run(passphrase, "--export-secret-keys", "--armor", email);

    public void Dispose() => Gpg.Dispose();
}
