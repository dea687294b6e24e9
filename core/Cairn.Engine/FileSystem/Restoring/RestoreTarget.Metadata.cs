using System.Globalization;
using System.Text;
using Cairn.Engine.FileSystem.Native;
using Cairn.Format.Entries;

namespace Cairn.Engine.FileSystem;

/// <summary>Applying owner, mode, xattrs, ACLs and times, in that order (chown clears setuid bits; times last).</summary>
public sealed unsafe partial class RestoreTarget
{
    private static readonly byte[] AccessAclName = "system.posix_acl_access\0"u8.ToArray();
    private static readonly byte[] DefaultAclName = "system.posix_acl_default\0"u8.ToArray();

    /// <summary>Applies everything to an open file or directory.</summary>
    internal void ApplyToDescriptor(int fd, EntryMetadata meta, string display)
    {
        if (_options.RestoreOwnership)
        {
            var (uid, gid) = Owner(meta);
            Check(LibC.fchown(fd, uid, gid), display, "set the owner");
        }

        Check(LibC.fchmod(fd, meta.Mode & 0xFFFu), display, "set the mode");
        if (_options.RestoreExtendedAttributes)
        {
            ForEachAttribute(meta, (name, value) =>
            {
                fixed (byte* n = name)
                fixed (byte* v = value)
                {
                    return LibC.fsetxattr(fd, n, v, (nuint)value.Length, 0);
                }
            }, display);
        }

        var times = stackalloc LibC.Timespec[2];
        times[0] = LibC.Timespec.FromNs(meta.AccessTimeNs);
        times[1] = LibC.Timespec.FromNs(meta.ModificationTimeNs);
        Check(LibC.futimens(fd, times), display, "set the times");
    }

    /// <summary>Applies everything to a symlink, fifo or device by name, without following it.</summary>
    private void ApplyByName(int dirfd, byte[] name, EntryMetadata meta, string display)
    {
        fixed (byte* n = name)
        {
            if (_options.RestoreOwnership)
            {
                var (uid, gid) = Owner(meta);
                Check(LibC.fchownat(dirfd, n, uid, gid, LibC.AT_SYMLINK_NOFOLLOW), display, "set the owner");
            }

            // Symlinks have no mode of their own on Linux (fchmodat cannot avoid following them).
            if (meta.Type != EntryType.Symlink)
            {
                Check(LibC.fchmodat(dirfd, n, meta.Mode & 0xFFFu, 0), display, "set the mode");
            }
        }

        if (_options.RestoreExtendedAttributes && (meta.ExtendedAttributes.Count > 0 || meta.AccessAcl is not null))
        {
            // The *xattr calls take paths: reach the object through this process's descriptor of its directory.
            byte[] viaFd = [.. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{dirfd}/")), .. name];
            ForEachAttribute(meta, (attribute, value) =>
            {
                fixed (byte* p = viaFd)
                fixed (byte* a = attribute)
                fixed (byte* v = value)
                {
                    return LibC.lsetxattr(p, a, v, (nuint)value.Length, 0);
                }
            }, display);
        }

        var times = stackalloc LibC.Timespec[2];
        times[0] = LibC.Timespec.FromNs(meta.AccessTimeNs);
        times[1] = LibC.Timespec.FromNs(meta.ModificationTimeNs);
        fixed (byte* n = name)
        {
            Check(LibC.utimensat(dirfd, n, times, LibC.AT_SYMLINK_NOFOLLOW), display, "set the times");
        }
    }

    private delegate int SetAttribute(byte[] name, byte[] value);

    private void ForEachAttribute(EntryMetadata meta, SetAttribute set, string display)
    {
        if (meta.AccessAcl is { } access)
        {
            Check(set(AccessAclName, access), display, "set the access ACL");
        }

        if (meta.DefaultAcl is { } defaults)
        {
            Check(set(DefaultAclName, defaults), display, "set the default ACL");
        }

        foreach (var attribute in meta.ExtendedAttributes)
        {
            if (Array.IndexOf(attribute.Name, (byte)0) >= 0 || attribute.Name.Length == 0)
            {
                Warn(display, "an extended attribute name is empty or contains a NUL byte; skipped");
                continue;
            }

            byte[] name = [.. attribute.Name, 0];
            Check(set(name, attribute.Value), display, $"set extended attribute {NativeErrors.Display(attribute.Name)}");
        }
    }

    /// <summary>The ids to set: the recorded names mapped on this system first, then the recorded ids (tar's rule).</summary>
    private (uint Uid, uint Gid) Owner(EntryMetadata meta)
    {
        uint uid = (meta.UserName is { } user ? _accounts.UserId(user) : null) ?? (uint)meta.Uid;
        uint gid = (meta.GroupName is { } group ? _accounts.GroupId(group) : null) ?? (uint)meta.Gid;
        return (uid, gid);
    }

    private void Check(int result, string display, string what)
    {
        if (result != 0)
        {
            Warn(display, $"cannot {what} ({NativeErrors.Describe(NativeErrors.Last)})");
        }
    }

    private void Warn(string display, string message) => _warn(new FileSystemWarning(display, message));
}
