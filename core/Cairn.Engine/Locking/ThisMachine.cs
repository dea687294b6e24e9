namespace Cairn.Engine.Locking;

/// <summary>What tells this machine, and its current boot, apart from others: read once per process.</summary>
internal static class ThisMachine
{
    private static readonly Lazy<string?> MachineId = new(() => ReadFirst("/etc/machine-id", "/var/lib/dbus/machine-id"));
    private static readonly Lazy<string?> Boot = new(() => ReadFirst("/proc/sys/kernel/random/boot_id"));

    /// <summary>The machine id (systemd's, or D-Bus's on systems without systemd), or null when the machine has none.</summary>
    public static string? Id => MachineId.Value;

    /// <summary>The kernel's random id of the current boot, or null outside Linux.</summary>
    public static string? BootId => Boot.Value;

    private static string? ReadFirst(params string[] paths)
    {
        foreach (var path in paths)
        {
            try
            {
                // Both files are one line of hex (the boot id with dashes); an empty one, as a container image can
                // ship /etc/machine-id, identifies nothing.
                if (File.ReadAllText(path).Trim() is { Length: > 0 and <= 64 } id)
                {
                    return id;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}
