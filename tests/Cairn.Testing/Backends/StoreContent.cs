using Cairn.Contracts.Backends;

namespace Cairn.Testing.Backends;

/// <summary>Bytes to store and bytes read back: the two helpers every backend test needs.</summary>
public static class StoreContent
{
    /// <summary><paramref name="length"/> pseudo-random bytes, the same for the same <paramref name="seed"/>.</summary>
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new System.Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Reads an object (or a range of it) whole.</summary>
    public static async Task<byte[]> ReadAllAsync(IBackend store, string name, long offset = 0, long? length = null)
    {
        await using var stream = await store.OpenReadAsync(name, offset, length);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
