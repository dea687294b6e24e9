using Cairn.Contracts.Backends;

namespace Cairn.Hosting.Backends;

public sealed partial class ResilientBackend
{
    /// <summary>True when another attempt of the same call can help.</summary>
    internal static bool IsTransient(Exception exception) => exception is BackendException { IsTransient: true } or TimeoutException;

    /// <summary>The wait after failed attempt <paramref name="attempt"/>: doubling from the initial backoff, capped, with jitter.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var exponential = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, _options.MaxBackoff.TotalMilliseconds);
        // Jitter between half and all of the wait, so that parallel transfers do not retry in lockstep.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    /// <summary>Reports a failed attempt and waits before the next.</summary>
    internal async Task BackOffAsync(string operation, string name, int attempt, Exception error, CancellationToken cancellationToken)
    {
        var delay = Backoff(attempt);
        _options.OnRetry?.Invoke(new BackendRetry(operation, name, attempt, delay, error));
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
    }

    internal int MaxAttempts => _options.MaxAttempts;

    internal TimeSpan OperationTimeout => _options.OperationTimeout;

    private async Task<T> RetryAsync<T>(
        string operation,
        string name,
        Func<CancellationToken, Task<T>> attempt,
        TimeSpan timeout,
        bool abandonOnTimeout,
        CancellationToken cancellationToken,
        Func<bool>? canRetry = null,
        Action<T>? abandoned = null)
    {
        for (var number = 1; ; number++)
        {
            try
            {
                return await WithTimeoutAsync(operation, name, attempt, timeout, abandonOnTimeout, abandoned, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e) && number < _options.MaxAttempts && !cancellationToken.IsCancellationRequested && (canRetry?.Invoke() ?? true))
            {
                await BackOffAsync(operation, name, number, e, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Runs one attempt under a time limit. A timed-out attempt is cancelled; when <paramref name="abandonOnTimeout"/>
    /// is set, it is also left behind if it ignores the cancellation (safe for calls that touch no shared content).
    /// </summary>
    internal static async Task<T> WithTimeoutAsync<T>(
        string operation,
        string name,
        Func<CancellationToken, Task<T>> attempt,
        TimeSpan timeout,
        bool abandonOnTimeout,
        Action<T>? abandoned,
        CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        Task<T>? task = null;
        try
        {
            task = attempt(limit.Token);
            return abandonOnTimeout ? await task.WaitAsync(limit.Token).ConfigureAwait(false) : await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            if (task is { IsCompleted: false })
            {
                // Observe the abandoned attempt's end, and release what it returns late.
                _ = task.ContinueWith(
                    t =>
                    {
                        if (t.IsCompletedSuccessfully)
                        {
                            abandoned?.Invoke(t.Result);
                        }

                        return t.Exception;
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            throw new BackendTransientException($"{operation} {name} timed out after {timeout.TotalSeconds:0.#} s.", e);
        }
    }
}
