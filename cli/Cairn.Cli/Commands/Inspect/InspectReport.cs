using System.Globalization;
using System.Text;
using System.Text.Json;
using Cairn.Cli.Commands.Archive;
using Cairn.Contracts.Recipients;
using Cairn.Format;

namespace Cairn.Cli.Commands.Inspect;

/// <summary>
/// What <c>cairn inspect</c> shows of one volume: everything public (header, algorithms, stanzas, every
/// frame header, trailer) and, when the volume is unencrypted or a passphrase opens it, the index.
/// </summary>
internal sealed class InspectReport
{
    private readonly string _name;
    private readonly long _length;
    private readonly ArchiveHeader _header;
    private readonly ArchiveTrailer _trailer;
    private readonly IReadOnlyList<FrameInfo> _frames;
    private readonly IReadOnlyList<IndexEntry>? _entries;
    private readonly string? _indexProblem;

    private InspectReport(string name, long length, ArchiveHeader header, ArchiveTrailer trailer, IReadOnlyList<FrameInfo> frames, IReadOnlyList<IndexEntry>? entries, string? indexProblem)
    {
        _name = name;
        _length = length;
        _header = header;
        _trailer = trailer;
        _frames = frames;
        _entries = entries;
        _indexProblem = indexProblem;
    }

    /// <summary>Reads the layout; opens the index when <paramref name="identities"/> (or no encryption) allow.</summary>
    public static InspectReport Read(Stream volume, string name, IArchiveAlgorithms algorithms, IReadOnlyList<IIdentity>? identities)
    {
        var (header, trailer, frames) = ArchiveReader.ReadLayout(volume);
        IReadOnlyList<IndexEntry>? entries = null;
        string? problem = null;
        if (header.IsEncrypted && identities is null)
        {
            problem = "encrypted; give --passphrase-env to read it";
        }
        else
        {
            // A passphrase given for an unencrypted volume is not used: the reader refuses unencrypted volumes where
            // keys are given (anyone could have written them), and looking at one is what inspect is for.
            using var reader = ArchiveReader.Open(volume, algorithms, header.IsEncrypted ? identities! : [], leaveOpen: true);
            entries = reader.Entries;
        }

        return new InspectReport(name, volume.Length, header, trailer, frames, entries, problem);
    }

    public string ToText()
    {
        var text = new StringBuilder();
        void Line(string label, string value) => text.Append(CultureInfo.InvariantCulture, $"{label,-16}{value}\n");
        Line("volume", $"{_name} ({_length} bytes)");
        Line("format", $"version {_header.Version}, mandatory features 0x{_header.MandatoryFeatures:x}, optional features 0x{_header.OptionalFeatures:x}");
        Line("set id", ArchiveFiles.Hex(_header.SetId));
        Line("volume number", $"{_header.VolumeNumber}{(_trailer.IsLastVolume ? " (last of its set)" : " (more volumes follow)")}");
        Line("frame size", _header.FrameSize.ToString(CultureInfo.InvariantCulture));
        Line("compressor", _header.CompressorId);
        Line("cipher", _header.CipherId ?? "none (frames carry XXH3-64 checksums)");
        Line("key salt", ArchiveFiles.Hex(_header.KeySalt));
        Line("stanzas", _header.Stanzas.Count == 0 ? "none" : string.Join(", ", _header.Stanzas.Select(s => $"{s.Type} ({s.Body.Length} bytes)")));
        Line("header", $"{_header.Length} bytes, SHA-256 {ArchiveFiles.Hex(_header.Digest)}");
        var data = _frames.Count(f => f.Kind == FrameKind.Data);
        Line("frames", $"{_frames.Count} ({data} data, {_frames.Count - data} index)");
        text.Append(CultureInfo.InvariantCulture, $"  {"seq",5} {"offset",12} {"kind",-6} {"flags",-16} {"plaintext",10} {"payload",10}\n");
        foreach (var f in _frames)
        {
            var flags = string.Join(',', new[] { f.IsFinal ? "final" : null, f.IsStored ? "stored" : "compressed" }.Where(x => x is not null));
            text.Append(CultureInfo.InvariantCulture, $"  {f.Sequence,5} {f.Offset,12} {f.Kind.ToString().ToLowerInvariant(),-6} {flags,-16} {f.PlaintextLength,10} {f.PayloadLength,10}\n");
        }

        Line("index", $"offset {_trailer.IndexOffset}, {_trailer.IndexFrameCount} frame(s), {_trailer.EntryCount} record(s)");
        if (_entries is null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  ({_indexProblem})\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"  {"id",5} {"type",-9} {"size",10} {"frame",6} {"offset",10} {"+in",6} {"stored",8} {"parts",-5} path\n");
            foreach (var e in _entries)
            {
                var parts = (e.ContinuesFromPreviousVolume ? "<" : "-") + (e.ContinuesInNextVolume ? ">" : "-");
                text.Append(CultureInfo.InvariantCulture, $"  {e.EntryId,5} {e.Metadata.Type.ToString().ToLowerInvariant(),-9} {e.DataLength,10} {e.FrameSequence,6} {e.FrameOffset,10} {e.OffsetInFrame,6} {e.StoredLength,8} {parts,-5} {ArchiveFiles.Display(e.Metadata.Path)}\n");
            }
        }

        Line("trailer", $"offset {_length - ArchiveTrailer.Length}, {ArchiveTrailer.Length} bytes, header digest {(_trailer.HeaderDigest.AsSpan().SequenceEqual(_header.Digest) ? "matches" : "DIFFERS")}, {(_entries is null ? "not authenticated (no key)" : "authenticated")}");
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(
        new Dictionary<string, object?>
        {
            ["volume"] = _name,
            ["length"] = _length,
            ["version"] = _header.Version,
            ["mandatory_features"] = _header.MandatoryFeatures,
            ["optional_features"] = _header.OptionalFeatures,
            ["set_id"] = ArchiveFiles.Hex(_header.SetId),
            ["volume_number"] = _header.VolumeNumber,
            ["last_volume"] = _trailer.IsLastVolume,
            ["frame_size"] = _header.FrameSize,
            ["compressor"] = _header.CompressorId,
            ["cipher"] = _header.CipherId,
            ["stanzas"] = _header.Stanzas.Select(s => new Dictionary<string, object> { ["type"] = s.Type, ["length"] = s.Body.Length }),
            ["header_length"] = _header.Length,
            ["header_sha256"] = ArchiveFiles.Hex(_header.Digest),
            ["frames"] = _frames.Select(f => new Dictionary<string, object>
            {
                ["sequence"] = f.Sequence, ["offset"] = f.Offset, ["kind"] = f.Kind.ToString().ToLowerInvariant(), ["final"] = f.IsFinal,
                ["stored"] = f.IsStored, ["plaintext_length"] = f.PlaintextLength, ["payload_length"] = f.PayloadLength,
            }),
            ["index"] = new Dictionary<string, object?>
            {
                ["offset"] = _trailer.IndexOffset,
                ["frames"] = _trailer.IndexFrameCount,
                ["records"] = _trailer.EntryCount,
                ["entries"] = _entries?.Select(e => new Dictionary<string, object?>
                {
                    ["id"] = e.EntryId, ["metadata"] = ArchiveFiles.Describe(e.Metadata), ["frame_sequence"] = e.FrameSequence, ["frame_offset"] = e.FrameOffset,
                    ["offset_in_frame"] = e.OffsetInFrame, ["end_offset"] = e.EndOffset, ["data_offset"] = e.DataOffset, ["data_length"] = e.DataLength,
                    ["data_sha256"] = e.DataHash is null ? null : ArchiveFiles.Hex(e.DataHash), ["from_previous_volume"] = e.ContinuesFromPreviousVolume, ["into_next_volume"] = e.ContinuesInNextVolume,
                }),
                ["unavailable"] = _indexProblem,
            },
        },
        new JsonSerializerOptions { WriteIndented = true }) + "\n";
}
