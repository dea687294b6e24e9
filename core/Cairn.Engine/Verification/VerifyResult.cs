namespace Cairn.Engine.Verification;

/// <summary>What <c>verify</c> found.</summary>
/// <param name="ObjectsChecked">Objects read whole, hashed and opened (every frame authenticated).</param>
/// <param name="BytesChecked">Their total size.</param>
/// <param name="FilesChecked">Files rebuilt from their snapshot and deltas and compared with their recorded SHA-256.</param>
/// <param name="Problems">One sentence per problem; empty when everything matched.</param>
/// <param name="SetsNotVerified">
/// Sealed sets, which the keys given do not open (made with other keys, or on a set that was): not a fault of
/// the target, so not a problem, but not checked either.
/// </param>
public sealed record VerifyResult(long ObjectsChecked, long BytesChecked, long FilesChecked, IReadOnlyList<string> Problems, int SetsNotVerified = 0)
{
    /// <summary>True when nothing is wrong.</summary>
    public bool IsOk => Problems.Count == 0;
}
