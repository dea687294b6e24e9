namespace Cairn.Hosting.Profiles;

/// <summary>
/// Finds the valid name closest to a misspelt one, for "did you mean" hints: the optimal string alignment
/// distance (Damerau-Levenshtein: insertions, deletions, substitutions and swaps of neighbours), compared
/// without regard to case.
/// </summary>
public static class NameSuggestions
{
    /// <summary>
    /// Returns the candidate nearest to <paramref name="name"/>, or <see langword="null"/> when none is close
    /// enough to be a plausible typo (at most 2 edits, or a third of the name's length for long names).
    /// Ties go to the earlier candidate.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        var wanted = name.ToLowerInvariant();
        var limit = Math.Max(2, wanted.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(wanted, candidate.ToLowerInvariant());
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Formats the hint appended to an error: <c> (did you mean 'x'?)</c>, or an empty string.</summary>
    public static string Hint(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } closest ? $" (did you mean '{closest}'?)" : string.Empty;

    /// <summary>The optimal string alignment distance between two strings.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // Three rolling rows: the swap rule looks two rows back.
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
