using Cairn.Contracts.Ciphers;
using Cairn.Contracts.Recipients;

namespace Cairn.Format;

/// <summary>How to encrypt: the frame cipher, and who can open the archive. The writer makes a fresh random archive key per volume and wraps it for each recipient.</summary>
/// <param name="Cipher">The frame AEAD.</param>
/// <param name="Recipients">At least one recipient.</param>
public sealed record ArchiveEncryption(ICipherProvider Cipher, IReadOnlyList<IRecipient> Recipients);
