using System.Buffers;

namespace NumCodecs.Internal;

/// <summary>Where a streaming decoder puts its output: a fixed span, or a growing buffer writer.</summary>
internal interface IDecodeSink
{
    /// <summary>Room for the next output; empty when a fixed destination is full.</summary>
    Span<byte> GetSpan();

    /// <summary>Records <paramref name="count"/> bytes written into the last span.</summary>
    void Advance(int count);

    /// <summary>
    /// Starts output that may yet be taken back (a later stream of a multi-stream format, which Python drops whole
    /// when it fails): what follows is kept only by <see cref="Commit"/>.
    /// </summary>
    void Mark();

    /// <summary>Keeps the output written since <see cref="Mark"/>.</summary>
    void Commit();

    /// <summary>Takes back the output written since <see cref="Mark"/>.</summary>
    void Rollback();
}

/// <summary>Output into one caller-given span.</summary>
internal ref struct SpanSink : IDecodeSink
{
    private readonly Span<byte> _destination;
    private int _mark;

    public SpanSink(Span<byte> destination) => _destination = destination;

    /// <summary>Bytes written so far.</summary>
    public int Written { get; private set; }

    public readonly Span<byte> GetSpan() => _destination[Written..];

    public void Advance(int count) => Written += count;

    public void Mark() => _mark = Written;

    public readonly void Commit()
    {
    }

    // The taken-back bytes stay in the destination past bytesWritten, which callers treat as scratch.
    public void Rollback() => Written = _mark;
}

/// <summary>
/// Output into a buffer writer, in pieces, stopping at a maximum total length. Output that may be taken back waits
/// in pooled pieces, since a buffer writer cannot take back what it was given.
/// </summary>
#pragma warning disable CA1001 // _pending ends in Commit or Rollback; when decoding throws, its pooled pieces are just collected
internal struct WriterSink : IDecodeSink
#pragma warning restore CA1001
{
    private const int PieceLength = 128 * 1024; // bytes asked of the writer at a time

    private readonly IBufferWriter<byte> _writer;
    private readonly long _maxLength;
    private readonly string _codecId;
    private long _written;
    private SegmentedBufferWriter? _pending;

    public WriterSink(IBufferWriter<byte> writer, long maxLength, string codecId)
    {
        _writer = writer;
        _maxLength = maxLength;
        _codecId = codecId;
    }

    public readonly Span<byte> GetSpan() => _pending is null ? _writer.GetSpan(PieceLength) : _pending.GetSpan(PieceLength);

    public void Advance(int count)
    {
        _written += count;
        if (_written > _maxLength)
        {
            _pending?.Dispose();
            throw new DecodedLengthLimitException(
                $"The {_codecId} data decodes to more than MaxDecodedLength ({_maxLength} bytes).");
        }

        if (_pending is null)
        {
            _writer.Advance(count);
        }
        else
        {
            _pending.Advance(count);
        }
    }

    public void Mark()
    {
        _pending?.Dispose();
        _pending = new SegmentedBufferWriter();
    }

    public void Commit()
    {
        if (_pending is { } pending)
        {
            _pending = null;
            pending.CopyTo(_writer);
            pending.Dispose();
        }
    }

    public void Rollback()
    {
        if (_pending is { } pending)
        {
            _pending = null;
            _written -= pending.Length;
            pending.Dispose();
        }
    }
}

/// <summary>What a streaming decoder did with one piece of input.</summary>
internal enum StreamStatus
{
    /// <summary>The piece is used up and the data is not complete yet.</summary>
    NeedInput,

    /// <summary>The data is complete.</summary>
    Done,

    /// <summary>A fixed destination is full and more output remains.</summary>
    DestinationTooSmall,
}
