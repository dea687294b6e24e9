namespace Cairn.Format.Entries;

/// <summary>One extended attribute, name and value as raw bytes.</summary>
/// <param name="Name">The attribute name, for example <c>user.comment</c>, as the filesystem gave it.</param>
/// <param name="Value">The raw value.</param>
public sealed record ExtendedAttribute(byte[] Name, byte[] Value);
