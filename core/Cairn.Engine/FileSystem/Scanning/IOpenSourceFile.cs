using Microsoft.Win32.SafeHandles;

namespace Cairn.Engine.FileSystem;

/// <summary>A stream over an open file of the source, whose descriptor can be asked how the file is now.</summary>
internal interface IOpenSourceFile
{
    /// <summary>The open file.</summary>
    SafeFileHandle Handle { get; }
}
