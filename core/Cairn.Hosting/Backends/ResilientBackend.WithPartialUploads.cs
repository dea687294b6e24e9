using System.Runtime.CompilerServices;
using Cairn.Contracts.Backends;

namespace Cairn.Hosting.Backends;

public sealed partial class ResilientBackend
{
    /// <summary>
    /// A <see cref="ResilientBackend"/> over a backend that lists its unfinished uploads: without it, the wrapper
    /// would hide <see cref="IPartialUploads"/> from the type test <c>cleanup</c> makes. Every call keeps the
    /// wrapper's retries and time limits.
    /// </summary>
    private sealed class WithPartialUploads(ResilientBackend resilient, IPartialUploads uploads) : IBackend, IPartialUploads
    {
        public BackendCapabilities Capabilities => resilient.Capabilities;

        public IAsyncEnumerable<BackendObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
            resilient.ListAsync(prefix, cancellationToken);

        public Task<BackendObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) =>
            resilient.StatAsync(name, cancellationToken);

        public Task<Stream> OpenReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default) =>
            resilient.OpenReadAsync(name, offset, length, cancellationToken);

        public Task WriteAsync(string name, Stream content, CancellationToken cancellationToken = default) =>
            resilient.WriteAsync(name, content, cancellationToken);

        public IObjectWriter? OpenObjectWriter(string name) => resilient.OpenObjectWriter(name);

        public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
            resilient.DeleteAsync(name, cancellationToken);

        public Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default) =>
            resilient.RenameAsync(source, destination, cancellationToken);

        /// <remarks>Each attempt collects the whole listing before yielding, so a retry never repeats an upload.</remarks>
        public async IAsyncEnumerable<PartialUpload> ListPartialUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var items = await resilient.RetryAsync("list-partial", "", async token =>
            {
                var collected = new List<PartialUpload>();
                await foreach (var upload in uploads.ListPartialUploadsAsync(token).ConfigureAwait(false))
                {
                    collected.Add(upload);
                }

                return collected;
            }, resilient._options.TransferTimeout, abandonOnTimeout: true, cancellationToken).ConfigureAwait(false);

            foreach (var item in items)
            {
                yield return item;
            }
        }

        public Task DeletePartialUploadAsync(PartialUpload upload, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(upload);
            return resilient.RetryAsync("delete-partial", upload.Name, async token =>
            {
                await uploads.DeletePartialUploadAsync(upload, token).ConfigureAwait(false);
                return true;
            }, resilient._options.OperationTimeout, abandonOnTimeout: true, cancellationToken);
        }

        public ValueTask DisposeAsync() => resilient.DisposeAsync();
    }
}
