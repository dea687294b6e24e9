using System.Globalization;
using System.Text;
using Cairn.Engine.FileSystem.Native;
using Cairn.Format.Entries;

namespace Cairn.Engine.FileSystem;

/// <summary>Applying owner, mode, ACLs, xattrs and times, in that order (chown clears setuid bits; times last).</summary>
public sealed unsafe partial class RestoreTarget
{
    private static readonly byte[] AccessAclName = "system.posix_acl_access\0"u8.ToArray();
    private static readonly byte[] DefaultAclName = "system.posix_acl_default\0"u8.ToArray();

    /// <summary>Applies everything to an open file or directory.</summary>
    internal void ApplyToDescriptor(int fd, EntryMetadata meta, string display) => Apply(new ObjectRef(fd, null), meta, display);

    /// <summary>Applies everything to a symlink, fifo or device by name in its directory, without following it.</summary>
    private void ApplyByName(int dirfd, byte[] name, EntryMetadata meta, string display) => Apply(new ObjectRef(dirfd, name), meta, display);

    private void Apply(ObjectRef target, EntryMetadata meta, string display)
    {
        if (_options.RestoreOwnership)
        {
            uint uid, gid;
            lock (_accounts)
            {
                uid = (meta.UserName is { } user ? _accounts.UserId(user) : null) ?? (uint)meta.Uid;
                gid = (meta.GroupName is { } group ? _accounts.GroupId(group) : null) ?? (uint)meta.Gid;
            }

            Check(target.Chown(uid, gid), display, "set the owner");
        }

        // Symlinks have no mode of their own on Linux (and fchmodat cannot avoid following them).
        if (meta.Type != EntryType.Symlink)
        {
            Check(target.Chmod(meta.Mode & 0xFFFu), display, "set the mode");
        }

        if (_options.RestoreExtendedAttributes)
        {
            if (meta.AccessAcl is { } access)
            {
                Check(target.SetAttribute(AccessAclName, access), display, "set the access ACL");
            }

            if (meta.DefaultAcl is { } defaults)
            {
                Check(target.SetAttribute(DefaultAclName, defaults), display, "set the default ACL");
            }

            foreach (var attribute in meta.ExtendedAttributes)
            {
                if (attribute.Name.Length == 0 || Array.IndexOf(attribute.Name, (byte)0) >= 0)
                {
                    Warn(display, "an extended attribute name is empty or contains a NUL byte; skipped");
                    continue;
                }

                Check(target.SetAttribute([.. attribute.Name, 0], attribute.Value), display, $"set extended attribute {NativeErrors.Display(attribute.Name)}");
            }
        }

        var times = stackalloc LibC.Timespec[2];
        times[0] = LibC.Timespec.FromNs(meta.AccessTimeNs);
        times[1] = LibC.Timespec.FromNs(meta.ModificationTimeNs);
        Check(target.SetTimes(times), display, "set the times");
    }

    private void Check(int result, string display, string what)
    {
        if (result != 0)
        {
            Warn(display, $"cannot {what} ({NativeErrors.Describe(NativeErrors.Last)})");
        }
    }

    private void Warn(string display, string message)
    {
        lock (_warnings)
        {
            _warn(new FileSystemWarning(display, message));
        }
    }

    /// <summary>An object to change: an open descriptor, or a NUL-terminated name in a directory descriptor (never followed).</summary>
    private readonly struct ObjectRef(int fd, byte[]? name)
    {
        public int Chown(uint uid, uint gid)
        {
            if (name is null)
            {
                return LibC.fchown(fd, uid, gid);
            }

            fixed (byte* n = name)
            {
                return LibC.fchownat(fd, n, uid, gid, LibC.AT_SYMLINK_NOFOLLOW);
            }
        }

        public int Chmod(uint mode)
        {
            if (name is null)
            {
                return LibC.fchmod(fd, mode);
            }

            fixed (byte* n = name)
            {
                return LibC.fchmodat(fd, n, mode, 0); // only for fifos and devices just created under a private name
            }
        }

        public int SetAttribute(byte[] attribute, byte[] value)
        {
            fixed (byte* a = attribute)
            fixed (byte* v = value)
            {
                if (name is null)
                {
                    return LibC.fsetxattr(fd, a, v, (nuint)value.Length, 0);
                }

                // The l*xattr calls take paths: reach the object through this process's descriptor of its directory.
                byte[] viaFd = [.. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}/")), .. name];
                fixed (byte* p = viaFd)
                {
                    return LibC.lsetxattr(p, a, v, (nuint)value.Length, 0);
                }
            }
        }

        public int SetTimes(LibC.Timespec* times)
        {
            if (name is null)
            {
                return LibC.futimens(fd, times);
            }

            fixed (byte* n = name)
            {
                return LibC.utimensat(fd, n, times, LibC.AT_SYMLINK_NOFOLLOW);
            }
        }
    }
}
