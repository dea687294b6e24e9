using System.Security.Cryptography;
using Cairn.Contracts.Backends;
using Cairn.Engine.Repository;

namespace Cairn.Engine.Storage;

/// <summary>Moves whole objects between local files and the target, hashing them on the way.</summary>
internal static class ObjectTransfer
{
    /// <summary>Uploads a local file as <paramref name="objectName"/> and returns what the manifest records about it.</summary>
    /// <param name="backend">The target.</param>
    /// <param name="localPath">The file to upload.</param>
    /// <param name="objectName">The object's name on the target.</param>
    /// <param name="fileName">The object's name inside its set folder, as the manifest records it.</param>
    /// <param name="sha256">The file's lowercase hex SHA-256, computed as it was written (every object of a set is hashed then).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public static async Task<StoredObject> UploadAsync(IBackend backend, string localPath, string objectName, string fileName, string sha256, CancellationToken cancellationToken)
    {
        await using (var stream = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
        {
            await backend.WriteAsync(objectName, stream, cancellationToken).ConfigureAwait(false);
        }

        return new StoredObject(fileName, new FileInfo(localPath).Length, sha256);
    }

    /// <summary>Downloads a whole object into <paramref name="localPath"/> (atomically) and checks it against <paramref name="expected"/> when given.</summary>
    /// <exception cref="InvalidDataException">The object's size or hash differs from what the manifest recorded.</exception>
    public static async Task DownloadAsync(IBackend backend, string objectName, string localPath, StoredObject? expected, CancellationToken cancellationToken)
    {
        var temp = localPath + ".part-" + Environment.ProcessId;
        try
        {
            await using (var source = await backend.OpenReadAsync(objectName, 0, null, cancellationToken).ConfigureAwait(false))
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                await source.CopyToAsync(file, 1 << 20, cancellationToken).ConfigureAwait(false);
            }

            if (expected is not null)
            {
                var size = new FileInfo(temp).Length;
                if (size != expected.Size)
                {
                    throw new InvalidDataException($"{objectName} is {size} bytes but its manifest records {expected.Size}.");
                }

                var hash = await HashFileAsync(temp, cancellationToken).ConfigureAwait(false);
                if (hash != expected.Sha256)
                {
                    throw new InvalidDataException($"{objectName} does not match the SHA-256 its manifest records.");
                }
            }

            File.Move(temp, localPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The lowercase hex SHA-256 of a local file.</summary>
    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The lowercase hex SHA-256 of a stream read to its end.</summary>
    public static async Task<(string Hash, long Length)> HashStreamAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        long length = 0;
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha.AppendData(buffer, 0, n);
                length += n;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return (Convert.ToHexStringLower(sha.GetHashAndReset()), length);
    }
}
