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
    /// <summary>
    /// The holder's machine id (<c>/etc/machine-id</c>) as Cairn's keyed hash of it (<see cref="ThisMachine"/>), when
    /// it has one: two machines can share a host name (containers, cloned VMs), but not a machine id. Null in locks
    /// that earlier versions of Cairn wrote.
    /// </summary>
    public string? MachineId { get; init; }

    /// <summary>
    /// The holder's boot id (<c>/proc/sys/kernel/random/boot_id</c>), hashed the same way: another one means the
    /// machine has restarted since, and the holder is gone.
    /// </summary>
    public string? BootId { get; init; }

    /// <summary>Describes this process.</summary>
    public static LockInfo ForCurrentProcess(string operation) =>
        new(Environment.MachineName, Environment.ProcessId, ProcessStartOf(Environment.ProcessId), DateTimeOffset.UtcNow, operation)
        {
            MachineId = ThisMachine.Id,
            BootId = ThisMachine.BootId,
        };

    /// <summary>
    /// True when the holder is known to be gone: it ran on this machine (same host name, and the same machine
    /// id when both locks have one), and the machine has restarted since, or no process has its pid any more
    /// (or one with another start time, the pid having been reused). Locks from other machines are never
    /// judged stale: their processes cannot be seen from here.
    /// </summary>
    public bool IsStale => IsFromThisMachine && (HasRestartedSince || ProcessStartOf(Pid) is not { } start || (ProcessStart is not null && start != ProcessStart));

    private bool IsFromThisMachine =>
        string.Equals(Host, Environment.MachineName, StringComparison.Ordinal)
        && (MachineId is null || ThisMachine.Id is null || string.Equals(MachineId, ThisMachine.Id, StringComparison.Ordinal));

    private bool HasRestartedSince => BootId is not null && ThisMachine.BootId is not null && !string.Equals(BootId, ThisMachine.BootId, StringComparison.Ordinal);

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
