using System.Buffers.Binary;
using System.Globalization;

namespace Cairn.Plugins.Passphrase;

/// <summary>Argon2id cost parameters, as chosen when writing and as read (untrusted) from a stanza.</summary>
internal readonly record struct Argon2Parameters(int MemoryKib, int Iterations, int Parallelism)
{
    /// <summary>The encoded size: memory (u32), iterations (u32), parallelism (u8).</summary>
    public const int EncodedSize = 9;

    // Ceilings for parameters read from an archive: a hostile header must not make us allocate
    // gigabytes or spin for hours. They are far above anything Cairn writes.
    private const int MaxMemoryKib = 1024 * 1024;
    private const int MaxIterations = 64;
    private const int MaxParallelism = 16;

    public static Argon2Parameters Default => new(64 * 1024, 3, 1);

    public static Argon2Parameters FromOptions(IReadOnlyDictionary<string, string> options)
    {
        var defaults = Default;
        var chosen = new Argon2Parameters(
            Read(options, "argon2-memory-kib", defaults.MemoryKib),
            Read(options, "argon2-iterations", defaults.Iterations),
            Read(options, "argon2-parallelism", defaults.Parallelism));
        if (!chosen.IsWithinLimits || chosen.MemoryKib < 8 * chosen.Parallelism)
        {
            throw new ArgumentException($"Argon2 parameters out of range: memory {chosen.MemoryKib} KiB, {chosen.Iterations} iterations, parallelism {chosen.Parallelism}.");
        }

        return chosen;
    }

    public bool IsWithinLimits =>
        MemoryKib is >= 8 and <= MaxMemoryKib && Iterations is >= 1 and <= MaxIterations && Parallelism is >= 1 and <= MaxParallelism;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)MemoryKib);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)Iterations);
        destination[8] = (byte)Parallelism;
    }

    public static Argon2Parameters Read(ReadOnlySpan<byte> source) => new(
        (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(source), int.MaxValue),
        (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(source[4..]), int.MaxValue),
        source[8]);

    private static int Read(IReadOnlyDictionary<string, string> options, string name, int fallback)
    {
        if (!options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"Option '{name}' must be a whole number, got '{text}'.");
    }
}
