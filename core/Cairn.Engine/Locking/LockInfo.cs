using System.Globalization;
using System.Text.Json;
using Cairn.Engine.Time;

namespace Cairn.Engine.Locking;

/// <summary>What a lock object on the target says about the process holding it.</summary>
/// <param name="Host">The host name.</param>
/// <param name="Pid">The process id.</param>
/// <param name="ProcessStart">The process's start time in clock ticks since boot (from /proc), to tell a reused pid apart; null when unknown.</param>
/// <param name="Started">When the lock was taken.</param>
/// <param name="Operation">What the holder is doing (backup, prune, cleanup).</param>
public sealed record LockInfo(string Host, int Pid, string? ProcessStart, DateTimeOffset Started, string Operation)
{
    /// <summary>Describes this process.</summary>
    public static LockInfo ForCurrentProcess(string operation) =>
        new(Environment.MachineName, Environment.ProcessId, ProcessStartOf(Environment.ProcessId), DateTimeOffset.UtcNow, operation);

    /// <summary>
    /// True when the holder is known to be gone: same host, and no process with that pid (or one with a
    /// different start time, the pid having been reused). Locks from other hosts are never judged stale.
    /// </summary>
    public bool IsStale =>
        string.Equals(Host, Environment.MachineName, StringComparison.Ordinal)
        && (ProcessStartOf(Pid) is not { } start || (ProcessStart is not null && start != ProcessStart));

    /// <summary>One line for messages.</summary>
    public string Describe() =>
        $"{Operation} on host {Host}, pid {Pid}, since {TimeSpecification.Format(Started)}";

    /// <summary>Serializes the lock.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, LockJson.Default.LockInfo);

    /// <summary>
    /// Parses a lock; null when it is unreadable (then it is treated as held by an unknown process), which
    /// includes JSON that lacks the host, the pid or the operation: no Cairn wrote that, and reading it as a
    /// lock "on host , pid 0" would tell the user to wait for a process that does not exist.
    /// </summary>
    public static LockInfo? FromJson(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, LockJson.Default.LockInfo) is { Host.Length: > 0, Pid: > 0, Operation.Length: > 0 } info ? info : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Field 22 of /proc/PID/stat (start time), or null when the process does not exist or has ended: a
    /// killed process stays a zombie until its parent reaps it, which an init that reaps slowly, or a
    /// wrapper that never does, puts off for seconds or for good, and a zombie runs no code.
    /// </summary>
    internal static string? ProcessStartOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] is "Z" or "X")
            {
                return null; // field 3, the state: a zombie, or dead
            }

            return fields.Length > 19 ? fields[19] : "";
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
