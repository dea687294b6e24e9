using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Cairn.Hosting.Profiles;

/// <summary>
/// Passes a profile's YAML events through, and stops with a <see cref="ProfileException"/> at the first
/// mapping or sequence that is nested deeper than <see cref="MaxDepth"/>. YamlDotNet's parser is iterative,
/// but <see cref="YamlDotNet.RepresentationModel.YamlStream"/> builds its node tree by recursion, one call
/// per level: without a limit, a small file of nested brackets (<c>[[[[...</c>) overflowed the stack and
/// killed the process. Counting here, as the events are read, stops such a file before the tree is built
/// and without parsing it twice.
/// </summary>
internal sealed class DepthLimitedParser : IParser
{
    /// <summary>
    /// The deepest nesting a profile may have. A real profile needs about four levels (the top mapping,
    /// <c>encryption</c>, <c>recipients</c>, one recipient); 64 leaves room for any hand-written layout
    /// while staying far below what the recursion needs to overflow a thread's stack.
    /// </summary>
    public const int MaxDepth = 64;

    private readonly IParser _inner;
    private readonly string _displayName;
    private int _depth;

    /// <summary>Wraps <paramref name="inner"/>; messages name the file <paramref name="displayName"/>.</summary>
    public DepthLimitedParser(IParser inner, string displayName)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(displayName);
        _inner = inner;
        _displayName = displayName;
    }

    /// <inheritdoc />
    public ParsingEvent? Current => _inner.Current;

    /// <inheritdoc />
    /// <exception cref="ProfileException">A mapping or sequence opens deeper than <see cref="MaxDepth"/>.</exception>
    public bool MoveNext()
    {
        if (!_inner.MoveNext())
        {
            return false;
        }

        switch (_inner.Current)
        {
            case MappingStart or SequenceStart:
                if (++_depth > MaxDepth)
                {
                    throw new ProfileException(_displayName, ProfileLoader.At(_displayName, _inner.Current.Start),
                        $"the YAML is nested deeper than {MaxDepth} levels (a profile needs a few)");
                }

                break;
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }

        return true;
    }
}
