namespace Cairn.Cli.Commands.HeadStart;

/// <summary>
/// Reads a command line ahead of Spectre.Console.Cli, only as far as its shape is certain: the command's name first,
/// then only the options named here (value options each with a value, as <c>--name value</c> or <c>--name=value</c>;
/// flags bare), and the given number of arguments. Anything else reads as nothing: the parser meets it, and says what
/// it says about it.
/// </summary>
/// <param name="Command">The command's name, the first word.</param>
/// <param name="Arguments">How many arguments (words that are not options) the command takes.</param>
/// <param name="ValueOptions">The options that take a value; only <paramref name="Repeatable"/> ones may come twice.</param>
/// <param name="Repeatable">The value options that may be given more than once (their values are not kept).</param>
/// <param name="Flags">The options that take no value.</param>
internal sealed record CommandLineShape(string Command, int Arguments, string[] ValueOptions, string[] Repeatable, string[] Flags)
{
    /// <summary>What a command line of this shape says, or null when it is not one.</summary>
    /// <param name="args">The command line, as <c>Main</c> has it.</param>
    /// <param name="accept">Checks a value before it is taken (a <c>--time</c> the command would refuse, say); null takes every value.</param>
    public ReadCommandLine? Read(IReadOnlyList<string> args, Func<string, string, bool>? accept = null)
    {
        if (args.Count == 0 || args[0] != Command)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var arguments = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                arguments.Add(arg);
                continue;
            }

            if (Flags.Contains(arg, StringComparer.Ordinal))
            {
                if (!flags.Add(arg))
                {
                    return null;
                }

                continue;
            }

            var (name, value) = arg.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals
                ? (arg[..equals], arg[(equals + 1)..])
                : (arg, i + 1 < args.Count ? args[++i] : null);
            if (value is null || !ValueOptions.Contains(name, StringComparer.Ordinal) || (accept is not null && !accept(name, value)))
            {
                return null;
            }

            if (Repeatable.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            if (!values.TryAdd(name, value))
            {
                return null;
            }
        }

        return arguments.Count == Arguments ? new ReadCommandLine(values, flags, arguments) : null;
    }
}

/// <summary>A command line read by <see cref="CommandLineShape.Read"/>.</summary>
/// <param name="Values">The value of each option given once, by its name.</param>
/// <param name="Flags">The flags given.</param>
/// <param name="Arguments">The arguments, in order.</param>
internal sealed record ReadCommandLine(IReadOnlyDictionary<string, string> Values, IReadOnlySet<string> Flags, IReadOnlyList<string> Arguments)
{
    /// <summary>The value of option <paramref name="name"/>, or null when it was not given.</summary>
    public string? Value(string name) => Values.GetValueOrDefault(name);
}
