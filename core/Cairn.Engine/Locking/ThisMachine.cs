using System.Security.Cryptography;
using System.Text;

namespace Cairn.Engine.Locking;

/// <summary>What tells this machine, and its current boot, apart from others: read once per process.</summary>
/// <remarks>
/// machine-id(5) asks that the machine id be kept confidential and, where an application needs a stable id, that it
/// use a keyed hash of it with a key of its own, never the id itself; lock objects are stored on the target, which may
/// be anyone's bucket. So both ids go out as HMAC-SHA256 keyed with the id, over a label of Cairn's (what systemd's
/// <c>sd_id128_get_machine_app_specific</c> does): equal on one machine, unrelated to the id and to other programs' ids.
/// </remarks>
internal static class ThisMachine
{
    private static readonly Lazy<string?> MachineId = new(() => AppSpecific("cairn/v1/lock-machine", "/etc/machine-id", "/var/lib/dbus/machine-id"));
    private static readonly Lazy<string?> Boot = new(() => AppSpecific("cairn/v1/lock-boot", "/proc/sys/kernel/random/boot_id"));

    /// <summary>This machine's id (systemd's, or D-Bus's on systems without systemd), made Cairn's own; null when the machine has none.</summary>
    public static string? Id => MachineId.Value;

    /// <summary>The current boot's id (the kernel's random boot id), made Cairn's own; null outside Linux.</summary>
    public static string? BootId => Boot.Value;

    private static string? AppSpecific(string label, params string[] paths)
    {
        foreach (var path in paths)
        {
            try
            {
                // Both files are one line of hex (the boot id with dashes); an empty one, as a container image can
                // ship /etc/machine-id, identifies nothing.
                if (File.ReadAllText(path).Trim() is { Length: > 0 and <= 64 } id)
                {
                    var hash = HMACSHA256.HashData(Encoding.ASCII.GetBytes(id), Encoding.ASCII.GetBytes(label));
                    return Convert.ToHexStringLower(hash.AsSpan(0, 16));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}
