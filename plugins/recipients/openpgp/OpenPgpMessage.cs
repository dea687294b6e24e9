using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace Cairn.Plugins.OpenPgp;

/// <summary>
/// The openpgp stanza body: a standard binary OpenPGP message (RFC 4880) — a public-key encrypted
/// session key packet for the recipient, then an integrity-protected (MDC) AES-256 packet holding a
/// literal data packet with the archive key. <c>gpg --decrypt</c> opens it and prints the key.
/// </summary>
internal static class OpenPgpMessage
{
    // The body of a real stanza is well under 2 KiB (a 4096-bit RSA session key packet is ~530 bytes).
    public const int MaxBodyBytes = 64 * 1024;

    public static byte[] Encrypt(PgpPublicKey recipient, ReadOnlySpan<byte> archiveKey)
    {
        var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: true, new SecureRandom());
        generator.AddMethod(recipient);
        using var output = new MemoryStream();
        using (var encrypted = generator.Open(output, new byte[1 << 12]))
        {
            var literal = new PgpLiteralDataGenerator();
            using var literalOut = literal.Open(encrypted, PgpLiteralData.Binary, PgpLiteralData.Console, archiveKey.Length, DateTime.UnixEpoch);
            literalOut.Write(archiveKey);
        }

        return output.ToArray();
    }

    /// <summary>Decrypts a stanza body with one of <paramref name="keys"/>; false when none fits or it does not verify.</summary>
    public static bool TryDecrypt(ReadOnlySpan<byte> body, IReadOnlyDictionary<long, PgpPrivateKey> keys, Span<byte> archiveKey)
    {
        if (body.Length > MaxBodyBytes)
        {
            return false;
        }

        try
        {
            var factory = new PgpObjectFactory(new MemoryStream(body.ToArray(), writable: false));
            var first = factory.NextPgpObject();
            var list = first as PgpEncryptedDataList ?? factory.NextPgpObject() as PgpEncryptedDataList;
            if (list is null)
            {
                return false;
            }

            foreach (var encrypted in list.GetEncryptedDataObjects().OfType<PgpPublicKeyEncryptedData>())
            {
                if (keys.TryGetValue(encrypted.KeyId, out var privateKey) && TryOpen(encrypted, privateKey, archiveKey))
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The body is untrusted and BouncyCastle reports malformed packets with many exception
            // types (IOException, PgpException, InvalidCipherTextException, ...): none of them opens.
            archiveKey.Clear();
            return false;
        }
    }

    private static bool TryOpen(PgpPublicKeyEncryptedData encrypted, PgpPrivateKey privateKey, Span<byte> archiveKey)
    {
        // Only integrity-protected data is accepted: without the MDC, tampering would go unnoticed.
        if (!encrypted.IsIntegrityProtected())
        {
            return false;
        }

        using var clear = encrypted.GetDataStream(privateKey);
        if (new PgpObjectFactory(clear).NextPgpObject() is not PgpLiteralData literal)
        {
            return false;
        }

        var buffer = new byte[archiveKey.Length + 1];
        var length = ReadUpTo(literal.GetInputStream(), buffer);

        // Drain what is left so that the MDC at the end is read and can be checked.
        Span<byte> sink = stackalloc byte[256];
        while (clear.Read(sink) > 0)
        {
        }

        if (length != archiveKey.Length || !encrypted.Verify())
        {
            Array.Clear(buffer);
            return false;
        }

        buffer.AsSpan(0, length).CopyTo(archiveKey);
        Array.Clear(buffer);
        return true;
    }

    private static int ReadUpTo(Stream stream, byte[] buffer)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return total;
    }
}
