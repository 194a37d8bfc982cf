using System.Buffers;

namespace NumCodecs.Internal;

/// <summary>Where a streaming decoder puts its output: a fixed span, or a growing buffer writer.</summary>
internal interface IDecodeSink
{
    /// <summary>Room for the next output; empty when a fixed destination is full.</summary>
    Span<byte> GetSpan();

    /// <summary>Records <paramref name="count"/> bytes written into the last span.</summary>
    void Advance(int count);
}

/// <summary>Output into one caller-given span.</summary>
internal ref struct SpanSink : IDecodeSink
{
    private readonly Span<byte> _destination;

    public SpanSink(Span<byte> destination) => _destination = destination;

    /// <summary>Bytes written so far.</summary>
    public int Written { get; private set; }

    public readonly Span<byte> GetSpan() => _destination[Written..];

    public void Advance(int count) => Written += count;
}

/// <summary>Output into a buffer writer, in pieces, stopping at a maximum total length.</summary>
internal struct WriterSink : IDecodeSink
{
    private const int PieceLength = 128 * 1024; // bytes asked of the writer at a time

    private readonly IBufferWriter<byte> _writer;
    private readonly long _maxLength;
    private readonly string _codecId;
    private long _written;

    public WriterSink(IBufferWriter<byte> writer, long maxLength, string codecId)
    {
        _writer = writer;
        _maxLength = maxLength;
        _codecId = codecId;
    }

    public readonly Span<byte> GetSpan() => _writer.GetSpan(PieceLength);

    public void Advance(int count)
    {
        _written += count;
        if (_written > _maxLength)
        {
            throw new DecodedLengthLimitException(
                $"The {_codecId} data decodes to more than MaxDecodedLength ({_maxLength} bytes).");
        }

        _writer.Advance(count);
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
