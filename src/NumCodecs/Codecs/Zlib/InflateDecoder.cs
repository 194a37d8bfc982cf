using System.Buffers;
using NumCodecs.Internal;
using NumCodecs.Native.SafeHandles;

namespace NumCodecs;

/// <summary>
/// The decode side shared by <see cref="ZlibCodec"/> and <see cref="GZipCodec"/>: libdeflate for a whole input into a
/// span (<see cref="WholeBufferInflater"/>), and for a gzip member whose trailer gives its length into a buffer
/// writer; pooled zlib inflate streams driven by <see cref="Inflater"/> for everything else (outputs of unknown
/// length, multi-segment sequences, and the inputs libdeflate does not accept, whose errors zlib then reports).
/// </summary>
internal sealed class InflateDecoder(int windowBits, bool gzipMembers, string codecId)
{
    private readonly ContextPool<ZlibStreamHandle> _inflaters = new(() => ZlibStreamHandle.CreateInflate(windowBits));

    public bool TryDecode(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        if (!source.IsEmpty && WholeBufferInflater.TryDecode(gzipMembers, source, destination, out bytesWritten))
        {
            return true;
        }

        var sink = new SpanSink(destination);
        StreamStatus status = Inflate(source, ref sink);
        bytesWritten = status == StreamStatus.Done ? sink.Written : 0;
        return status == StreamStatus.Done;
    }

    public void Decode(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxDecodedLength)
    {
        int hint = gzipMembers ? WholeBufferInflater.GZipLengthHint(source, maxDecodedLength) : -1;
        if (hint >= 0)
        {
            Span<byte> target = destination.GetSpan(Math.Max(hint, 1))[..hint];
            if (WholeBufferInflater.TryDecode(gzipMembers: true, source, target, out int written) && written == hint)
            {
                destination.Advance(written);
                return;
            }
        }

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
