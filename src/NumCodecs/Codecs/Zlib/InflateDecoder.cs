using System.Buffers;
using NumCodecs.Internal;
using NumCodecs.Native.SafeHandles;

namespace NumCodecs;

/// <summary>
/// The decode side shared by <see cref="ZlibCodec"/> and <see cref="GZipCodec"/>: pooled inflate streams driven by
/// <see cref="Inflater"/> into a span, a buffer writer, or from a multi-segment sequence without joining it.
/// </summary>
internal sealed class InflateDecoder(int windowBits, bool gzipMembers, string codecId)
{
    private readonly ContextPool<ZlibStreamHandle> _inflaters = new(() => ZlibStreamHandle.CreateInflate(windowBits));

    public bool TryDecode(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        var sink = new SpanSink(destination);
        StreamStatus status = Inflate(source, ref sink);
        bytesWritten = status == StreamStatus.Done ? sink.Written : 0;
        return status == StreamStatus.Done;
    }

    public void Decode(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxDecodedLength)
    {
        var sink = new WriterSink(destination, maxDecodedLength, codecId);
        Inflate(source, ref sink);
    }

    public void Decode(in ReadOnlySequence<byte> source, IBufferWriter<byte> destination, int maxDecodedLength)
    {
        var sink = new WriterSink(destination, maxDecodedLength, codecId);
        ZlibStreamHandle stream = _inflaters.Rent();
        try
        {
            Inflater.Run(stream, gzipMembers, source, ref sink);
        }
        finally
        {
            _inflaters.Return(stream);
        }
    }

    private StreamStatus Inflate<TSink>(ReadOnlySpan<byte> source, ref TSink sink)
        where TSink : IDecodeSink, allows ref struct
    {
        if (source.IsEmpty && gzipMembers)
        {
            throw new CorruptDataException("Empty input is not gzip data (a gzip member holds at least 18 bytes).");
        }

        ZlibStreamHandle stream = _inflaters.Rent();
        try
        {
            return Inflater.Run(stream, gzipMembers, source, ref sink);
        }
        finally
        {
            _inflaters.Return(stream);
        }
    }
}
