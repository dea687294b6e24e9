using Cairn.Contracts.Ciphers;

namespace Cairn.Format.Tests.Support;

/// <summary>Reads a possibly damaged archive every way there is, and says how it failed.</summary>
internal static class ArchiveProbe
{
    /// <summary>Opens the volume, reads every entry's data through the index, then reads it front to back.</summary>
    public static void ReadEverything(byte[] volume, bool encrypted)
    {
        using (var reader = ArchiveReader.Open(new MemoryStream(volume, writable: false), TestAlgorithms.All, Identities(encrypted)))
        {
            foreach (var entry in reader.Entries)
            {
                using var data = reader.OpenData(entry);
                data.CopyTo(Stream.Null);
            }
        }

        foreach (var (_, data) in SequentialArchiveReader.Read(new MemoryStream(volume, writable: false), TestAlgorithms.All, Identities(encrypted)))
        {
            data.CopyTo(Stream.Null);
        }
    }

    /// <summary>Runs <see cref="ReadEverything"/> and returns the exception, which must be a format or an authentication error.</summary>
    public static Exception? Failure(byte[] volume, bool encrypted)
    {
        try
        {
            ReadEverything(volume, encrypted);
            return null;
        }
        catch (Exception ex) when (ex is ArchiveFormatException or AuthenticationFailedException)
        {
            return ex;
        }
    }

    private static IReadOnlyList<Cairn.Contracts.Recipients.IIdentity> Identities(bool encrypted) => encrypted ? [new FixedKeyRecipient()] : [];
}
