using System.Globalization;
using Cairn.Contracts.Backends;

namespace Cairn.Plugins.Faulty;

/// <summary>
/// The faults to inject, read from options: <c>failure-rate</c> (0 to 1, the share of calls that fail),
/// <c>delay-ms</c> (added to every call), <c>cut-off-after-bytes</c> (a failing read or write breaks off after
/// this many bytes instead of failing at once), <c>seed</c> (the same seed gives the same faults),
/// <c>mode</c> (<c>transient</c> or <c>dead</c>), <c>dead-after-calls</c> (the store dies after this many calls:
/// every later call fails as in mode dead, to interrupt an operation midway). Thread-safe.
/// </summary>
public sealed class FaultPlan
{
    private readonly Random _random;

    /// <summary>Creates a plan.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside 0 to 1, or a size, delay or call count is negative.</exception>
    public FaultPlan(double failureRate, TimeSpan delay, long? cutOffAfterBytes, int? seed, FaultMode mode, int? deadAfterCalls = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failureRate, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(failureRate, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        if (cutOffAfterBytes is { } cut)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(cut, nameof(cutOffAfterBytes));
        }

        if (deadAfterCalls is { } calls)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(calls, nameof(deadAfterCalls));
        }

        FailureRate = failureRate;
        DeadAfterCalls = deadAfterCalls;
        Delay = delay;
        CutOffAfterBytes = cutOffAfterBytes;
        Mode = mode;
        _random = seed is { } s ? new Random(s) : new Random();
    }

    /// <summary>The share of calls that fail.</summary>
    public double FailureRate { get; }

    /// <summary>The delay added to every call.</summary>
    public TimeSpan Delay { get; }

    /// <summary>When set, failing transfers break off after this many bytes.</summary>
    public long? CutOffAfterBytes { get; }

    /// <summary>Transient faults or a dead store.</summary>
    public FaultMode Mode { get; }

    /// <summary>When set, the store dies after this many calls: every later call fails as in <see cref="FaultMode.Dead"/>.</summary>
    public int? DeadAfterCalls { get; }

    /// <summary>How many faults were injected so far.</summary>
    public int InjectedFaults => _injected;

    private int _injected;
    private int _calls;

    /// <summary>Reads the plan from a profile's options.</summary>
    /// <exception cref="ArgumentException">An option is malformed; the message names it.</exception>
    public static FaultPlan FromOptions(IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rate = Parse(options, "failure-rate", 0.2, double.TryParse);
        var delay = Parse(options, "delay-ms", 0, int.TryParse);
        long? cutOff = options.ContainsKey("cut-off-after-bytes") ? Parse(options, "cut-off-after-bytes", 0L, long.TryParse) : null;
        int? seed = options.ContainsKey("seed") ? Parse(options, "seed", 0, int.TryParse) : null;
        int? deadAfter = options.ContainsKey("dead-after-calls") ? Parse(options, "dead-after-calls", 0, int.TryParse) : null;
        var mode = options.TryGetValue("mode", out var modeText) ? modeText.Trim().ToLowerInvariant() switch
        {
            "transient" => FaultMode.Transient,
            "dead" => FaultMode.Dead,
            _ => throw new ArgumentException($"Option mode must be transient or dead, not \"{modeText}\".", nameof(options)),
        } : FaultMode.Transient;
        if (rate is < 0 or > 1 || delay < 0 || cutOff < 0 || deadAfter < 0)
        {
            throw new ArgumentException("Options failure-rate must be between 0 and 1, and delay-ms, cut-off-after-bytes and dead-after-calls must not be negative.", nameof(options));
        }

        return new FaultPlan(rate, TimeSpan.FromMilliseconds(delay), cutOff, seed, mode, deadAfter);
    }

    /// <summary>Waits the delay, then decides whether this call fails: null to pass, else the fault.</summary>
    internal async Task<InjectedFault?> NextAsync(string operation, string name, CancellationToken cancellationToken)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken).ConfigureAwait(false);
        }

        var call = Interlocked.Increment(ref _calls);
        if (Mode == FaultMode.Dead || call > DeadAfterCalls)
        {
            Interlocked.Increment(ref _injected);
            return new InjectedFault(new BackendTransientException($"{operation} \"{BackendNames.Printable(name)}\": the store cannot be reached (faulty backend, mode dead)."), CutOff: false);
        }

        double roll;
        lock (_random)
        {
            roll = _random.NextDouble();
        }

        if (roll >= FailureRate)
        {
            return null;
        }

        Interlocked.Increment(ref _injected);
        return new InjectedFault(
            new BackendTransientException($"{operation} \"{BackendNames.Printable(name)}\" failed: injected fault (faulty backend, failure-rate {FailureRate.ToString(CultureInfo.InvariantCulture)})."),
            CutOff: CutOffAfterBytes is not null);
    }

    private delegate bool TryParser<T>(string text, NumberStyles styles, IFormatProvider provider, out T value);

    private static T Parse<T>(IReadOnlyDictionary<string, string> options, string name, T fallback, TryParser<T> parse)
    {
        if (!options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return parse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"Option {name} must be a number, not \"{text}\".", nameof(options));
    }
}
