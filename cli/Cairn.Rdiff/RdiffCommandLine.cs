using System.Globalization;
using Cairn.Delta;

namespace Cairn.Rdiff;

/// <summary>
/// <c>cairn rdiff</c>: the command line of librsync's <c>rdiff</c> (signature, delta, patch) on Cairn's delta
/// engine. Options may come before or after the command, as rdiff's do; <c>-</c> or an absent file is
/// stdin/stdout; an existing output is refused without <c>-f</c>. Failures end with one line on stderr and
/// the exit code the rest of <c>cairn</c> uses for them.
/// </summary>
public static class RdiffCommandLine
{
    // cairn's documented exit codes (README), which the .NET command keeps in its ExitCodes: the native
    // front cannot reference that assembly, as it carries the CLI framework.

    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A file could not be read or written, or another failure.</summary>
    public const int Error = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary>A signature or delta is corrupt or not in a librsync format.</summary>
    public const int CorruptData = 4;

    /// <summary>The help text.</summary>
    public const string Help = """
        Usage: cairn rdiff [OPTIONS] signature [BASIS [SIGNATURE]]
               cairn rdiff [OPTIONS] delta SIGNATURE [NEWFILE [DELTA]]
               cairn rdiff [OPTIONS] patch BASIS [DELTA [NEWFILE]]

        rsync signatures, deltas and patches, byte-compatible with librsync's rdiff.
        A file given as '-' or left out is stdin (inputs) or stdout (outputs); BASIS of a patch must be a file.

        Options:
          -b, --block-size BYTES   signature block length (default: librsync's choice from the basis size)
          -S, --sum-size BYTES     strong-sum length (default: the hash's maximum; -1: librsync's minimum)
          -H, --hash ALG           strong hash: blake2 (default) or md4
          -R, --rollsum ALG        rolling sum: rabinkarp (default) or rollsum
          -f, --force              overwrite an existing output file
          -h, --help               show this help
        """;

    /// <summary>Runs <c>cairn rdiff ARGS</c>; returns the exit code.</summary>
    /// <param name="args">The arguments after <c>rdiff</c>.</param>
    /// <param name="output">Where the help goes (asked for with -h or --help).</param>
    /// <param name="error">Where a failure's one line goes.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var request = RdiffRequest.Parse(args);
            if (request is null)
            {
                output.Write(Help);
                return Ok;
            }

            Execute(request);
            return Ok;
        }
        catch (Exception ex)
        {
            var (code, message) = Describe(ex);
            error.WriteLine($"cairn: {message.ReplaceLineEndings(" ").Trim()}");
            return code;
        }
    }

    private static void Execute(RdiffRequest request)
    {
        switch (request.Command)
        {
            case "signature":
                {
                    using var basis = RdiffFiles.OpenInput(request.File(0));
                    // Like rdiff: the basis size picks the block length; a pipe's size is unknown (block 2048).
                    var parameters = SignatureParameters.Recommended(basis.CanSeek ? basis.Length : null, request.WeakSum, request.StrongSum, request.BlockLength, request.StrongSumLength);
                    using var output = RdiffFiles.OpenOutput(request.File(1), request.Force);
                    SignatureBuilder.Build(basis, output, parameters);
                    break;
                }

            case "delta":
                {
                    Signature signature;
                    using (var signatureStream = RdiffFiles.OpenInput(request.File(0)))
                    {
                        signature = Signature.ReadFrom(signatureStream);
                    }

                    using var newFile = RdiffFiles.OpenInput(request.File(1));
                    using var output = RdiffFiles.OpenOutput(request.File(2), request.Force);
                    DeltaBuilder.Build(signature, newFile, output);
                    break;
                }

            default:
                {
                    using var basis = RdiffFiles.OpenInput(request.File(0));
                    if (!basis.CanSeek)
                    {
                        throw new ArgumentException("The basis must be a seekable file (a pipe cannot be patched from).");
                    }

                    using var delta = RdiffFiles.OpenInput(request.File(1));
                    using var output = RdiffFiles.OpenOutput(request.File(2), request.Force);
                    DeltaPatcher.Apply(basis, delta, output);
                    break;
                }
        }
    }

    private static (int Code, string Message) Describe(Exception ex) => ex switch
    {
        DeltaFormatException => (CorruptData, ex.Message),
        UnauthorizedAccessException or IOException => (Error, ex.Message),
        ArgumentException argument => (Usage, ArgumentMessages.ForUser(argument)),
        _ => (Error, $"{ex.GetType().Name}: {ex.Message}"),
    };

    /// <summary>The parsed command line.</summary>
    private sealed record RdiffRequest(string Command, IReadOnlyList<string> Files, int BlockLength, int StrongSumLength, StrongSumAlgorithm StrongSum, WeakSumAlgorithm WeakSum, bool Force)
    {
        /// <summary>The file argument at <paramref name="position"/>, or null (stdin/stdout) when absent or '-'.</summary>
        public string? File(int position) => position < Files.Count && Files[position] != "-" ? Files[position] : null;

        /// <summary>The request, or null when help was asked for.</summary>
        /// <exception cref="ArgumentException">The command line is wrong; the message says how.</exception>
        public static RdiffRequest? Parse(IReadOnlyList<string> args)
        {
            var positional = new List<string>();
            int blockLength = 0, strongSumLength = 0;
            var strongSum = StrongSumAlgorithm.Blake2;
            var weakSum = WeakSumAlgorithm.RabinKarp;
            var force = false;
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                if (arg == "--")
                {
                    positional.AddRange(args.Skip(i + 1)); // the rest are files, even if they start with '-'
                    break;
                }

                var (name, inlineValue) = arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is > 2 and var eq
                    ? (arg[..eq], arg[(eq + 1)..])
                    : (arg, null);
                string Value() => inlineValue ?? (++i < args.Count ? args[i] : throw new ArgumentException($"Option {name} needs a value."));
                switch (name)
                {
                    case "-h" or "--help":
                        return null;
                    case "-f" or "--force":
                        force = true;
                        break;
                    case "-b" or "--block-size":
                        blockLength = Number(name, Value());
                        break;
                    case "-S" or "--sum-size":
                        strongSumLength = Number(name, Value());
                        break;
                    case "-H" or "--hash":
                        var hash = Value();
                        strongSum = hash.ToLowerInvariant() switch
                        {
                            "blake2" => StrongSumAlgorithm.Blake2,
                            "md4" => StrongSumAlgorithm.Md4,
                            _ => throw new ArgumentException($"Unknown hash '{hash}': use blake2 or md4."),
                        };
                        break;
                    case "-R" or "--rollsum":
                        var rollsum = Value();
                        weakSum = rollsum.ToLowerInvariant() switch
                        {
                            "rabinkarp" => WeakSumAlgorithm.RabinKarp,
                            "rollsum" => WeakSumAlgorithm.Rollsum,
                            _ => throw new ArgumentException($"Unknown rolling sum '{rollsum}': use rabinkarp or rollsum."),
                        };
                        break;
                    case ['-', _, ..]:
                        throw new ArgumentException($"Unknown option '{arg}' for cairn rdiff (see cairn rdiff --help).");
                    default:
                        positional.Add(arg);
                        break;
                }
            }

            if (positional.Count == 0)
            {
                // rdiff too: without a command, it cannot tell what to do with stdin.
                throw new ArgumentException("cairn rdiff needs a command: signature, delta or patch (see cairn rdiff --help).");
            }

            var command = positional[0];
            var (required, allowed) = command switch
            {
                "signature" => (0, 2),
                "delta" or "patch" => (1, 3),
                _ => throw new ArgumentException($"Unknown rdiff command '{command}': use signature, delta or patch."),
            };
            var files = positional.Skip(1).ToList();
            if (files.Count < required || files.Count > allowed)
            {
                throw new ArgumentException($"cairn rdiff {command} takes {(required == 0 ? "up to" : $"{required} to")} {allowed} files, not {files.Count} (see cairn rdiff --help).");
            }

            return new RdiffRequest(command, files, blockLength, strongSumLength, strongSum, weakSum, force);
        }

        private static int Number(string option, string text) =>
            int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ArgumentException(long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    ? $"Option {option} takes a whole number up to {int.MaxValue}, not {text}."
                    : $"Option {option} takes a whole number, not '{text}'.");
    }
}
