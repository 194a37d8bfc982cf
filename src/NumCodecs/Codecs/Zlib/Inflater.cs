using System.Buffers;
using System.Runtime.InteropServices;
using NumCodecs.Internal;
using NumCodecs.Native;
using NumCodecs.Native.SafeHandles;

namespace NumCodecs;

/// <summary>
/// Inflates zlib or gzip data piece by piece into a sink, with Python's semantics: a zlib stream ends at its end
/// marker and anything after it is ignored (as <c>zlib.decompress</c> does); gzip data may hold several members,
/// separated or followed by zero padding, and anything else after a member is an error (as <c>gzip</c> reads it).
/// </summary>
internal unsafe ref struct Inflater
{
    private const byte GZipMagic = 0x1f; // first byte of every gzip member (RFC 1952)

    private readonly Interop.Zlib.ZStream* _stream;
    private readonly bool _gzipMembers;
    private bool _memberEnded;
    private bool _finished;
    private bool _outputWasFull;

    public Inflater(ZlibStreamHandle stream, bool gzipMembers)
    {
        _stream = stream.Stream;
        _gzipMembers = gzipMembers;
        _ = Interop.Zlib.inflateReset(_stream);
    }

    /// <summary>Inflates a whole span.</summary>
    public static StreamStatus Run<TSink>(ZlibStreamHandle stream, bool gzipMembers, ReadOnlySpan<byte> source, ref TSink sink)
        where TSink : IDecodeSink, allows ref struct
    {
        var inflater = new Inflater(stream, gzipMembers);
        return inflater.Feed(source, isLast: true, ref sink);
    }

    /// <summary>Inflates the segments of a sequence in place, without joining them.</summary>
    public static StreamStatus Run<TSink>(ZlibStreamHandle stream, bool gzipMembers, in ReadOnlySequence<byte> source, ref TSink sink)
        where TSink : IDecodeSink, allows ref struct
    {
        var inflater = new Inflater(stream, gzipMembers);
        SequencePosition position = source.Start;
        StreamStatus status = StreamStatus.NeedInput;
        bool more = source.TryGet(ref position, out ReadOnlyMemory<byte> segment);
        while (more)
        {
            bool next = source.TryGet(ref position, out ReadOnlyMemory<byte> following);
            status = inflater.Feed(segment.Span, isLast: !next, ref sink);
            if (status != StreamStatus.NeedInput)
            {
                return status;
            }

            segment = following;
            more = next;
        }

        return status == StreamStatus.NeedInput ? inflater.Feed([], isLast: true, ref sink) : status;
    }

    /// <summary>Feeds one piece of input.</summary>
    public StreamStatus Feed<TSink>(ReadOnlySpan<byte> input, bool isLast, ref TSink sink)
        where TSink : IDecodeSink, allows ref struct
    {
        string kind = _gzipMembers ? "gzip" : "zlib";
        int position = 0;
        byte probe = 0;
        fixed (byte* inputPointer = input)
        {
            while (true)
            {
                if (_finished)
                {
                    return StreamStatus.Done;
                }

                if (_memberEnded)
                {
                    if (!_gzipMembers)
                    {
                        _finished = true; // Python's zlib.decompress ignores what follows the stream
                        return StreamStatus.Done;
                    }

                    while (position < input.Length && input[position] == 0)
                    {
                        position++; // gzip readers accept zero padding after a member
                    }

                    if (position == input.Length)
                    {
                        return isLast ? StreamStatus.Done : StreamStatus.NeedInput;
                    }

                    if (input[position] != GZipMagic)
                    {
                        throw new CorruptDataException(
                            $"The data after a gzip member is not another gzip member (it starts with byte 0x{input[position]:x2}, not 0x1f).");
                    }

                    _ = Interop.Zlib.inflateReset(_stream);
                    _memberEnded = false;
                }

                if (position == input.Length && !_outputWasFull)
                {
                    if (isLast)
                    {
                        throw new CorruptDataException($"The {kind} data is truncated: it ends inside a compressed stream.");
                    }

                    return StreamStatus.NeedInput;
                }

                Span<byte> target = sink.GetSpan();
                bool probing = target.IsEmpty;
                fixed (byte* outputPointer = target)
                {
                    _stream->NextIn = inputPointer + position;
                    _stream->AvailableIn = (uint)(input.Length - position);
                    _stream->NextOut = probing ? &probe : outputPointer;
                    _stream->AvailableOut = probing ? 1u : (uint)target.Length;
                    int result = Interop.Zlib.inflate(_stream, Interop.Zlib.NoFlush);
                    int consumed = input.Length - position - (int)_stream->AvailableIn;
                    int produced = (probing ? 1 : target.Length) - (int)_stream->AvailableOut;
                    _stream->NextIn = null;
                    _stream->NextOut = null;
                    position += consumed;

                    if (probing && produced > 0)
                    {
                        return StreamStatus.DestinationTooSmall;
                    }

                    if (!probing)
                    {
                        sink.Advance(produced);
                    }

                    _outputWasFull = !probing && produced == target.Length;
                    switch (result)
                    {
                        case Interop.Zlib.StreamEnd:
                            _memberEnded = true;
                            _outputWasFull = false;
                            break;
                        case Interop.Zlib.Ok:
                        case Interop.Zlib.BufferError:
                            if (consumed == 0 && produced == 0 && position < input.Length)
                            {
                                throw new CorruptDataException($"The {kind} decoder made no progress on the data.");
                            }

                            if (probing && produced == 0 && position == input.Length && isLast)
                            {
                                throw new CorruptDataException($"The {kind} data is truncated: it ends inside a compressed stream.");
                            }

                            break;
                        case Interop.Zlib.NeedDictionary:
                            throw new CorruptDataException($"The {kind} data needs a preset dictionary, which numcodecs never uses.");
                        default:
                            throw new CorruptDataException($"The {kind} data is invalid: {Message(result)}.");
                    }
                }
            }
        }
    }

    private readonly string Message(int result) =>
        _stream->Message is not null
            ? Marshal.PtrToStringUTF8((nint)_stream->Message) ?? $"error {result}"
            : $"error {result}";
}
