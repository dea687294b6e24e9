using System.Globalization;

namespace Cairn.Engine.Repository;

/// <summary>
/// The names of the objects on a target. One folder per set holds its data volumes, its signatures,
/// its catalogue and, written last, its manifest; <c>locks/</c> holds the lock objects.
/// </summary>
public static class TargetLayout
{
    /// <summary>The manifest's object name inside a set folder; its presence marks the set complete.</summary>
    public const string ManifestFile = "manifest.cairn";

    /// <summary>The catalogue archive inside a set folder.</summary>
    public const string CatalogueFile = "catalogue.cairn";

    /// <summary>The signatures archive inside a set folder.</summary>
    public const string SignaturesFile = "signatures.cairn";

    /// <summary>The folder of lock objects.</summary>
    public const string LocksPrefix = "locks/";

    /// <summary>The object name of a data volume (numbered from 1).</summary>
    public static string VolumeFile(uint number) => "vol-" + number.ToString("D6", CultureInfo.InvariantCulture) + ".cairn";

    /// <summary>The full object name of <paramref name="file"/> inside <paramref name="set"/>.</summary>
    public static string ObjectName(SetName set, string file) => set.Prefix + file;
}
