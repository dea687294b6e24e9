using System.Runtime.InteropServices;
using System.Text;

namespace Cairn.Engine.FileSystem.Native;

/// <summary>
/// Cached user and group lookups through the C library (so NSS sources such as LDAP count). One instance
/// per scan or restore: the caches hold one entry per distinct id or name seen.
/// </summary>
internal sealed unsafe class Accounts
{
    // struct passwd / struct group: the name pointer is first; pw_uid and gr_gid sit at offset 16.
    private const int IdOffset = 16;

    private readonly Dictionary<uint, string?> _userNames = [];
    private readonly Dictionary<uint, string?> _groupNames = [];
    private readonly Dictionary<string, uint?> _userIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint?> _groupIds = new(StringComparer.Ordinal);

    private enum Query
    {
        UserById,
        GroupById,
        UserByName,
        GroupByName,
    }

    public string? UserName(uint uid) => NameOf(_userNames, uid, Query.UserById);

    public string? GroupName(uint gid) => NameOf(_groupNames, gid, Query.GroupById);

    public uint? UserId(string name) => IdOf(_userIds, name, Query.UserByName);

    public uint? GroupId(string name) => IdOf(_groupIds, name, Query.GroupByName);

    private static string? NameOf(Dictionary<uint, string?> cache, uint id, Query query)
    {
        if (!cache.TryGetValue(id, out string? name))
        {
            name = null;
            byte* entry = stackalloc byte[64];
            byte[]? buffer = Run(query, id, null, entry);
            if (buffer is not null)
            {
                name = Marshal.PtrToStringUTF8((nint)(*(byte**)entry));
                GC.KeepAlive(buffer);
            }

            cache[id] = name;
        }

        return name;
    }

    private static uint? IdOf(Dictionary<string, uint?> cache, string name, Query query)
    {
        if (!cache.TryGetValue(name, out uint? id))
        {
            id = null;
            byte[] cName = Encoding.UTF8.GetBytes(name + "\0");
            byte* entry = stackalloc byte[64];
            fixed (byte* n = cName)
            {
                if (Run(query, 0, n, entry) is not null)
                {
                    id = *(uint*)(entry + IdOffset);
                }
            }

            cache[name] = id;
        }

        return id;
    }

    /// <summary>Runs one *_r lookup, growing the string buffer on ERANGE; returns the buffer the entry points into, or null.</summary>
    private static byte[]? Run(Query query, uint id, byte* name, byte* entry)
    {
        for (int size = 4096; size <= 1 << 22; size *= 4)
        {
            // Pinned for good: the entry's string pointers point into it after the call returns.
            byte[] buffer = GC.AllocateUninitializedArray<byte>(size, pinned: true);
            byte* result = null;
            int error;
            fixed (byte* b = buffer)
            {
                error = query switch
                {
                    Query.UserById => LibC.getpwuid_r(id, entry, b, (nuint)size, &result),
                    Query.GroupById => LibC.getgrgid_r(id, entry, b, (nuint)size, &result),
                    Query.UserByName => LibC.getpwnam_r(name, entry, b, (nuint)size, &result),
                    _ => LibC.getgrnam_r(name, entry, b, (nuint)size, &result),
                };
            }

            if (error == LibC.ERANGE)
            {
                continue;
            }

            return error == 0 && result != null ? buffer : null;
        }

        return null;
    }
}
