using NumCodecs.IO;
using NumCodecs.Internal;

namespace NumCodecs.Pipeline;

/// <summary>
/// The partial decoder of an array to bytes codec that cannot do better: reads and decodes the whole chunk at the
/// first call, keeps it, and slices every selection out of it.
/// </summary>
internal sealed class WholeBytesArrayPartialDecoder : IArrayPartialDecoder
{
    private readonly IArrayToBytesCodec _codec;
    private readonly IByteRangeSource _input;
    private byte[]? _decoded;

    public WholeBytesArrayPartialDecoder(IArrayToBytesCodec codec, IByteRangeSource input, ChunkSpec decoded, PartialDecodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(options);
        _codec = codec;
        _input = input;
        Spec = decoded;
    }

    public ChunkSpec Spec { get; }

    public void Decode(ReadOnlySpan<DimensionSlice> selection, Span<byte> destination)
    {
        Selections.ByteCount(Spec, selection, destination.Length);
        byte[] chunk = _decoded ?? Keep(ByteRanges.ReadAll(_input));
        Selections.Extract(Spec, chunk, selection, destination);
    }

    public async ValueTask DecodeAsync(ReadOnlyMemory<DimensionSlice> selection, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        Selections.ByteCount(Spec, selection.Span, destination.Length);
        byte[] chunk = _decoded ?? Keep(await ByteRanges.ReadAllAsync(_input, cancellationToken).ConfigureAwait(false));
        Selections.Extract(Spec, chunk, selection.Span, destination.Span);
    }

    private byte[] Keep(byte[] encoded)
    {
        byte[] chunk = GC.AllocateUninitializedArray<byte>(Spec.ByteLength);
        _codec.Decode(Spec, encoded, chunk);
        return Interlocked.CompareExchange(ref _decoded, chunk, null) ?? chunk;
    }
}

/// <summary>
/// The partial decoder of an array to array codec that cannot map selections: decodes its whole input at the first
/// call, keeps the result, and slices every selection out of it.
/// </summary>
internal sealed class WholeArrayPartialDecoder : IArrayPartialDecoder
{
    private readonly IArrayToArrayCodec _codec;
    private readonly IArrayPartialDecoder _input;
    private byte[]? _decoded;

    public WholeArrayPartialDecoder(IArrayToArrayCodec codec, IArrayPartialDecoder input, ChunkSpec decoded)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decoded);
        _codec = codec;
        _input = input;
        Spec = decoded;
    }

    public ChunkSpec Spec { get; }

    public void Decode(ReadOnlySpan<DimensionSlice> selection, Span<byte> destination)
    {
        Selections.ByteCount(Spec, selection, destination.Length);
        byte[] chunk = _decoded ?? Keep(ReadInput());
        Selections.Extract(Spec, chunk, selection, destination);
    }

    public async ValueTask DecodeAsync(ReadOnlyMemory<DimensionSlice> selection, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        Selections.ByteCount(Spec, selection.Span, destination.Length);
        byte[]? chunk = _decoded;
        if (chunk is null)
        {
            var encoded = GC.AllocateUninitializedArray<byte>(_input.Spec.ByteLength);
            await _input.DecodeAsync(Selections.All(_input.Spec), encoded, cancellationToken).ConfigureAwait(false);
            chunk = Keep(encoded);
        }

        Selections.Extract(Spec, chunk, selection.Span, destination.Span);
    }

    private byte[] ReadInput()
    {
        var encoded = GC.AllocateUninitializedArray<byte>(_input.Spec.ByteLength);
        _input.Decode(Selections.All(_input.Spec), encoded);
        return encoded;
    }

    private byte[] Keep(byte[] encoded)
    {
        byte[] chunk = GC.AllocateUninitializedArray<byte>(Spec.ByteLength);
        _codec.Decode(Spec, encoded, chunk);
        return Interlocked.CompareExchange(ref _decoded, chunk, null) ?? chunk;
    }
}

/// <summary>
/// The partial decoder of a bytes to bytes codec that cannot do better: a source of its decoded bytes, which reads and
/// decodes all of its input at the first read and keeps the result.
/// </summary>
internal sealed class WholeBytesPartialDecoder : IByteRangeSource
{
    private readonly IBytesToBytesCodec _codec;
    private readonly IByteRangeSource _input;
    private readonly ChunkSpec _spec;
    private byte[]? _decoded;

    public WholeBytesPartialDecoder(IBytesToBytesCodec codec, IByteRangeSource input, ChunkSpec decoded, PartialDecodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(options);
        _codec = codec;
        _input = input;
        _spec = decoded;
    }

    public bool TryGetLength(out long length)
    {
        byte[] decoded = _decoded ?? Keep(ByteRanges.ReadAll(_input));
        length = decoded.Length;
        return true;
    }

    public int Read(long offset, Span<byte> destination)
    {
        byte[] decoded = _decoded ?? Keep(ByteRanges.ReadAll(_input));
        return Copy(decoded, offset, destination);
    }

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        byte[] decoded = _decoded ?? Keep(await ByteRanges.ReadAllAsync(_input, cancellationToken).ConfigureAwait(false));
        return Copy(decoded, offset, destination.Span);
    }

    private static int Copy(byte[] decoded, long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= decoded.Length)
        {
            return 0;
        }

        int count = (int)Math.Min(destination.Length, decoded.Length - offset);
        decoded.AsSpan((int)offset, count).CopyTo(destination);
        return count;
    }

    private byte[] Keep(byte[] encoded)
    {
        using var writer = new SegmentedBufferWriter();
        try
        {
            _codec.Decode(_spec, encoded, writer);
        }
        catch (DecodedLengthLimitException e)
        {
            throw new CorruptDataException($"The '{_codec.Name}' data decodes to more bytes than a chunk of {_spec} can hold at that step.", e);
        }

        byte[] decoded = writer.ToArray();
        return Interlocked.CompareExchange(ref _decoded, decoded, null) ?? decoded;
    }
}
