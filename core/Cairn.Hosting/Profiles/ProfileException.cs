namespace Cairn.Hosting.Profiles;

/// <summary>
/// A profile cannot be used: it is missing, is not valid YAML, or breaks a rule. <see cref="Errors"/>
/// lists every problem found, each with its file, line and column; <see cref="Exception.Message"/> is the
/// first of them on one line (with a count of the others), ready for a command's one-line error.
/// </summary>
public class ProfileException : Exception
{
    /// <summary>Creates the exception for one or more problems.</summary>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public ProfileException(IReadOnlyList<ProfileError> errors)
        : base(Summarize(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception for one problem.</summary>
    public ProfileException(ProfileError error)
        : this([error])
    {
    }

    /// <summary>Creates the exception for one problem at <paramref name="location"/> of <paramref name="file"/>.</summary>
    public ProfileException(string file, ProfileLocation? location, string message)
        : this(new ProfileError(file, location, message))
    {
    }

    /// <summary>Every problem found, in the order they appear in the file.</summary>
    public IReadOnlyList<ProfileError> Errors { get; }

    /// <summary>The file of the first problem.</summary>
    public string File => Errors[0].File;

    /// <summary>The line of the first problem (1-based), or 0 when it concerns the whole file.</summary>
    public int Line => Errors[0].Location?.Line ?? 0;

    /// <summary>The column of the first problem (1-based), or 0 when it concerns the whole file.</summary>
    public int Column => Errors[0].Location?.Column ?? 0;

    private static string Summarize(IReadOnlyList<ProfileError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A profile exception needs at least one error.", nameof(errors));
        }

        var first = errors[0].ToString();
        return errors.Count == 1
            ? first
            : $"{first} (and {errors.Count - 1} more: run 'cairn profile validate {errors[0].File}')";
    }
}
