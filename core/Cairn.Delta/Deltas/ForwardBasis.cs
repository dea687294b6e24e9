namespace Cairn.Delta;

/// <summary>
/// A basis read front to back for <see cref="DeltaPatcher.Apply"/>: COPY commands ahead of the read skip to
/// their start; those behind it are served from the ranges a <see cref="ForwardReadPlan"/> kept on the way.
/// </summary>
internal sealed class ForwardBasis(Stream basis, ForwardReadPlan plan, byte[] buffer)
{
    private readonly IReadOnlyList<(long Start, long End)> _ranges = plan.Retained;
    private readonly byte[]?[] _kept = new byte[]?[plan.Retained.Count];
    private long _position;

    /// <summary>Writes basis bytes [<paramref name="start"/>, +<paramref name="length"/>) to <paramref name="output"/>.</summary>
    public void Copy(long start, long length, Stream output, DeltaCommand command)
    {
        var end = start + length;
        if (start < _position)
        {
            var behindEnd = Math.Min(end, _position);
            var range = Find(start, behindEnd);
            if (range < 0)
            {
                throw new DeltaFormatException(
                    $"COPY from basis offset {start} (opcode 0x{command.Opcode:x2}) at delta offset {command.Offset} goes back before offset {_position}, and this basis can only be read forward (plan the read with ForwardReadPlan.Scan).");
            }

            output.Write(_kept[range].AsSpan((int)(start - _ranges[range].Start), (int)(behindEnd - start)));
            start = behindEnd;
        }

        if (start < end)
        {
            Read(start, null, command);
            Read(end, output, command);
        }
    }

    /// <summary>Reads on to <paramref name="target"/>, passing the bytes to <paramref name="output"/> (none when skipping) and keeping the planned ranges.</summary>
    private void Read(long target, Stream? output, DeltaCommand command)
    {
        while (_position < target)
        {
            var read = basis.Read(buffer, 0, (int)Math.Min(target - _position, buffer.Length));
            if (read == 0)
            {
                throw new DeltaFormatException($"COPY at delta offset {command.Offset} reads past the end of the basis (it ended at offset {_position}).");
            }

            Keep(_position, buffer.AsSpan(0, read));
            output?.Write(buffer, 0, read);
            _position += read;
        }
    }

    private void Keep(long offset, ReadOnlySpan<byte> data)
    {
        var end = offset + data.Length;
        for (var i = Math.Max(LastStartingAtOrBefore(offset), 0); i < _ranges.Count && _ranges[i].Start < end; i++)
        {
            var (start, stop) = _ranges[i];
            if (stop <= offset)
            {
                continue;
            }

            var from = Math.Max(start, offset);
            var to = Math.Min(stop, end);
            _kept[i] ??= new byte[stop - start];
            data[(int)(from - offset)..(int)(to - offset)].CopyTo(_kept[i].AsSpan((int)(from - start)));
        }
    }

    /// <summary>The kept range holding all of [<paramref name="start"/>, <paramref name="end"/>), or -1.</summary>
    private int Find(long start, long end)
    {
        var i = LastStartingAtOrBefore(start);
        return i >= 0 && end <= _ranges[i].End && _kept[i] is not null ? i : -1;
    }

    /// <summary>The last range that starts at or before <paramref name="offset"/>, or -1 (the ranges ascend).</summary>
    private int LastStartingAtOrBefore(long offset)
    {
        int low = 0, high = _ranges.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (_ranges[middle].Start <= offset)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }
}
