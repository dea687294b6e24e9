namespace Cairn.Rdiff;

/// <summary>
/// The sentence an <see cref="ArgumentException"/> was thrown with, as a user should read it. Shared by
/// <c>cairn rdiff</c> (here, so the natively compiled front has it too) and the rest of the command.
/// </summary>
public static class ArgumentMessages
{
    /// <summary>
    /// The message without what .NET appends for a programmer: the parameter's name and, for a value out of
    /// range, the value again ("(Parameter 'KeepFull') Actual value was 0."). The user gets the sentence the
    /// code wrote, which names the option and the value itself.
    /// </summary>
    public static string ForUser(ArgumentException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message;
        if (ex is ArgumentOutOfRangeException { ActualValue: { } actual })
        {
            message = message.Replace($"Actual value was {actual}.", "", StringComparison.Ordinal);
        }

        return (ex.ParamName is { } name ? message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : message).Trim();
    }
}
