namespace Cairn.Delta;

/// <summary>One command: END is not returned. For a LITERAL, <see cref="First"/> is its length; for a COPY, the basis offset.</summary>
internal readonly record struct DeltaCommand(DeltaCommands.CommandKind Kind, byte Opcode, long Offset, long First, long Length);
