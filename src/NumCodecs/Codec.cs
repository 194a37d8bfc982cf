using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.IO;
using NumCodecs.Pipeline;

namespace NumCodecs;

/// <summary>
/// A codec: encodes bytes to bytes and back, and describes itself with the same JSON config numcodecs'
/// <c>get_config()</c> gives, so a Zarr v2 <c>.zarray</c> written by Python can be read here and the other way round.
/// </summary>
/// <remarks>
/// <para>
/// Every overload funnels into <see cref="TryEncodeCore"/> and <see cref="TryDecodeCore"/> (and, for outputs whose
/// length the format does not record, <see cref="DecodeCore(ReadOnlySpan{byte}, IBufferWriter{byte})"/>). The span
/// overloads allocate nothing in steady state; native contexts are pooled.
/// </para>
/// <para>
/// Codecs are immutable and thread-safe: any number of threads may use one instance at once. Two codecs are equal
/// when their configs are.
/// </para>
/// </remarks>
public abstract class Codec : IBytesToBytesCodec, IEquatable<Codec>
{
    private int _maxDecodedLength = Array.MaxLength; // set only at construction and by WithMaxDecodedLength's copy

    /// <summary>The codec's id, as in the <c>"id"</c> key of its config (for example <c>blosc</c>).</summary>
    public abstract string CodecId { get; }

    /// <summary>
    /// Most bytes the overloads that allocate their output (<see cref="Decode(ReadOnlySpan{byte})"/> and the
    /// <see cref="IBufferWriter{T}"/> overloads) will produce; larger outputs throw
    /// <see cref="DecodedLengthLimitException"/> before anything is allocated where the format records the length, or
    /// as soon as the limit is passed where it does not. Defaults to <see cref="Array.MaxLength"/>. Not part of the
    /// config.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxDecodedLength
    {
        get => _maxDecodedLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxDecodedLength = value;
        }
    }

    /// <summary>
    /// A copy of this codec with another <see cref="MaxDecodedLength"/>, for codecs built from configs (the limit is
    /// not part of a config). The copy shares this codec's pooled native contexts.
    /// </summary>
    /// <param name="maxDecodedLength">Most bytes the allocating decode overloads will produce.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public Codec WithMaxDecodedLength(int maxDecodedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDecodedLength);
        var copy = (Codec)MemberwiseClone();
        copy._maxDecodedLength = maxDecodedLength;
        return copy;
    }

    /// <summary>
    /// The codec's Zarr v3 name: <c>numcodecs.</c> and the id, the convention of zarr-python 3 and zarrita, except for
    /// the codecs the v3 spec names itself (<c>blosc</c>, <c>gzip</c>, <c>zstd</c>, <c>crc32c</c>).
    /// </summary>
    public virtual string Name => "numcodecs." + CodecId;

    /// <summary>Always <see cref="CodecKind.BytesToBytes"/>.</summary>
    public CodecKind Kind => CodecKind.BytesToBytes;

    /// <summary>Whether <see cref="CreatePartialDecoder"/> reads less than the whole input for a small range (Blosc's does).</summary>
    public virtual bool SupportsPartialDecoding => false;

    /// <summary>
    /// The codec's v3 entry, <c>{"name": ..., "configuration": ...}</c>. The default is <see cref="Name"/> with the
    /// numcodecs config less its <c>"id"</c>, as zarr-python 3 writes <c>numcodecs.*</c> codecs.
    /// </summary>
    /// <returns>A new object.</returns>
    public virtual JsonObject GetV3Config()
    {
        JsonObject configuration = GetConfig();
        configuration.Remove("id");
        return new JsonObject { ["name"] = Name, ["configuration"] = configuration };
    }

    /// <inheritdoc/>
    void IBytesToBytesCodec.Encode(ChunkSpec decoded, ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        EncodeToWriter(source, Math.Max(1, decoded.DataType.ItemSize), destination);
    }

    /// <inheritdoc/>
    void IBytesToBytesCodec.Decode(ChunkSpec decoded, ReadOnlySpan<byte> source, IBufferWriter<byte> destination) =>
        Decode(source, destination);

    /// <summary>
    /// The decoded bytes as a byte-range source over encoded ones. The default reads and decodes everything at the
    /// first read; <see cref="BloscCodec"/> reads only the blocks a range needs.
    /// </summary>
    /// <param name="input">The encoded bytes, read by range.</param>
    /// <param name="decoded">The representation of the array the bytes came from.</param>
    /// <param name="options">Read planning and parallelism.</param>
    /// <returns>A source of the decoded bytes.</returns>
    public virtual IByteRangeSource CreatePartialDecoder(IByteRangeSource input, ChunkSpec decoded, PartialDecodeOptions options) =>
        new WholeBytesPartialDecoder(this, input, decoded, options);

    /// <summary>The codec's config: the JSON object numcodecs' <c>get_config()</c> returns, <c>"id"</c> included.</summary>
    /// <returns>A new object; changing it does not change the codec.</returns>
    public abstract JsonObject GetConfig();

    /// <summary>The largest encoded length of a source of <paramref name="sourceLength"/> bytes.</summary>
    /// <param name="sourceLength">Length of the data to encode, in bytes.</param>
    /// <returns>A destination this long, in bytes, always holds the encoded data.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative or larger than the codec accepts.</exception>
    public abstract int GetMaxEncodedLength(int sourceLength);

    /// <summary>Encodes <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">The data to encode.</param>
    /// <param name="destination">Where the encoded bytes go.</param>
    /// <param name="bytesWritten">Bytes written to <paramref name="destination"/>.</param>
    /// <returns><see langword="false"/> only when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="ArgumentException">The source is longer than the codec accepts.</exception>
    /// <exception cref="NumCodecsException">The native encoder failed.</exception>
    public bool TryEncode(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten) =>
        TryEncodeCore(source, 1, destination, out bytesWritten);

    /// <summary>
    /// Encodes bytes that hold items of <paramref name="itemSize"/> bytes each (a numpy dtype's itemsize); Blosc takes
    /// it as its typesize, the other codecs ignore it.
    /// </summary>
    /// <param name="source">The data to encode.</param>
    /// <param name="itemSize">Bytes per item, at least 1.</param>
    /// <param name="destination">Where the encoded bytes go.</param>
    /// <param name="bytesWritten">Bytes written to <paramref name="destination"/>.</param>
    /// <returns><see langword="false"/> only when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="ArgumentException">The source is longer than the codec accepts, or the item size is not positive.</exception>
    /// <exception cref="NumCodecsException">The native encoder failed.</exception>
    public bool TryEncode(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(itemSize);
        return TryEncodeCore(source, itemSize, destination, out bytesWritten);
    }

    /// <summary>Encodes bytes holding items of <paramref name="itemSize"/> bytes each into a buffer writer.</summary>
    /// <param name="source">The data to encode.</param>
    /// <param name="itemSize">Bytes per item, at least 1 (Blosc's typesize).</param>
    /// <param name="destination">Receives the encoded bytes.</param>
    /// <exception cref="ArgumentException">The source is longer than the codec accepts, or the item size is not positive.</exception>
    /// <exception cref="NumCodecsException">The native encoder failed.</exception>
    public void Encode(ReadOnlySpan<byte> source, int itemSize, IBufferWriter<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(itemSize);
        EncodeToWriter(source, itemSize, destination);
    }

    /// <summary>Encodes bytes holding items of <paramref name="itemSize"/> bytes each into a new array.</summary>
    /// <param name="source">The data to encode.</param>
    /// <param name="itemSize">Bytes per item, at least 1 (Blosc's typesize).</param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="ArgumentException">The source is longer than the codec accepts, or the item size is not positive.</exception>
    /// <exception cref="NumCodecsException">The native encoder failed.</exception>
    public byte[] Encode(ReadOnlySpan<byte> source, int itemSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(itemSize);
        return EncodeToArray(source, itemSize);
    }

    /// <summary>Encodes typed items; Blosc takes <c>sizeof(T)</c> as its item size, as numcodecs takes a numpy array's itemsize.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="source">The items to encode.</param>
    /// <param name="destination">Where the encoded bytes go.</param>
    /// <param name="bytesWritten">Bytes written to <paramref name="destination"/>.</param>
    /// <returns><see langword="false"/> only when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="ArgumentException">The source is longer than the codec accepts.</exception>
    /// <exception cref="NumCodecsException">The native encoder failed.</exception>
    public bool TryEncode<T>(ReadOnlySpan<T> source, Span<byte> destination, out int bytesWritten)
        where T : unmanaged =>
        TryEncodeCore(MemoryMarshal.AsBytes(source), Unsafe.SizeOf<T>(), destination, out bytesWritten);

    /// <summary>Encodes <paramref name="source"/> and writes the result to <paramref name="destination"/>.</summary>
    /// <param name="source">The data to encode.</param>
    /// <param name="destination">Receives the encoded bytes (one <c>GetSpan</c>, one <c>Advance</c>).</param>
    /// <exception cref="ArgumentException">The source is longer than the codec accepts.</exception>
    /// <exception cref="NumCodecsException">The native encoder failed.</exception>
    public void Encode(ReadOnlySpan<byte> source, IBufferWriter<byte> destination) =>
        EncodeToWriter(source, 1, destination);

    /// <summary>Encodes typed items (Blosc item size <c>sizeof(T)</c>) and writes the result to <paramref name="destination"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="source">The items to encode.</param>
    /// <param name="destination">Receives the encoded bytes.</param>
    /// <exception cref="ArgumentException">The source is longer than the codec accepts.</exception>
    /// <exception cref="NumCodecsException">The native encoder failed.</exception>
    public void Encode<T>(ReadOnlySpan<T> source, IBufferWriter<byte> destination)
        where T : unmanaged =>
        EncodeToWriter(MemoryMarshal.AsBytes(source), Unsafe.SizeOf<T>(), destination);

    /// <summary>Encodes <paramref name="source"/> into a new array.</summary>
    /// <param name="source">The data to encode.</param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="ArgumentException">The source is longer than the codec accepts.</exception>
    /// <exception cref="NumCodecsException">The native encoder failed.</exception>
    public byte[] Encode(ReadOnlySpan<byte> source) => EncodeToArray(source, 1);

    /// <summary>Encodes typed items (Blosc item size <c>sizeof(T)</c>) into a new array.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="source">The items to encode.</param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="ArgumentException">The source is longer than the codec accepts.</exception>
    /// <exception cref="NumCodecsException">The native encoder failed.</exception>
    public byte[] Encode<T>(ReadOnlySpan<T> source)
        where T : unmanaged =>
        EncodeToArray(MemoryMarshal.AsBytes(source), Unsafe.SizeOf<T>());

    /// <summary>
    /// Encodes a possibly multi-segment sequence (as a <c>PipeReader</c> hands it); segments are copied into one
    /// pooled buffer only when there is more than one.
    /// </summary>
    /// <param name="source">The data to encode.</param>
    /// <param name="destination">Receives the encoded bytes.</param>
    /// <exception cref="ArgumentException">The source is longer than the codec accepts.</exception>
    /// <exception cref="NumCodecsException">The native encoder failed.</exception>
    public void Encode(in ReadOnlySequence<byte> source, IBufferWriter<byte> destination)
    {
        if (source.IsSingleSegment)
        {
            EncodeToWriter(source.FirstSpan, 1, destination);
            return;
        }

        byte[] rented = RentCopy(source, out int length);
        try
        {
            EncodeToWriter(rented.AsSpan(0, length), 1, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Whether <paramref name="source"/> records its decoded length, and that length. Formats that do not
    /// (zlib, gzip, zstd frames written without a content size) return <see langword="false"/>.
    /// </summary>
    /// <param name="source">Encoded data (at least its header).</param>
    /// <param name="length">The decoded length in bytes, when known.</param>
    /// <returns><see langword="true"/> when the length is known.</returns>
    /// <exception cref="CorruptDataException">The header is invalid.</exception>
    public virtual bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        length = 0;
        return false;
    }

    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">Encoded data.</param>
    /// <param name="destination">Where the decoded bytes go.</param>
    /// <param name="bytesWritten">Bytes written to <paramref name="destination"/>.</param>
    /// <returns><see langword="false"/> only when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="CorruptDataException">The data is truncated, inconsistent or rejected by the decoder.</exception>
    public bool TryDecode(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten) =>
        TryDecodeCore(source, destination, out bytesWritten);

    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">Encoded data.</param>
    /// <param name="destination">Where the decoded bytes go.</param>
    /// <returns>Bytes written to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    /// <exception cref="CorruptDataException">The data is truncated, inconsistent or rejected by the decoder.</exception>
    public int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (TryDecodeCore(source, destination, out int bytesWritten))
        {
            return bytesWritten;
        }

        string needed = TryGetDecodedLength(source, out int length) ? $" of {length} bytes" : string.Empty;
        throw new ArgumentException(
            $"The destination ({destination.Length} bytes) is too small for the decoded data{needed}.",
            nameof(destination));
    }

    /// <summary>Decodes into typed items.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="source">Encoded data.</param>
    /// <param name="destination">Where the decoded items go.</param>
    /// <returns>Items written to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    /// <exception cref="CorruptDataException">
    /// The data is invalid, or its decoded length is not a whole number of <typeparamref name="T"/>.
    /// </exception>
    public int Decode<T>(ReadOnlySpan<byte> source, Span<T> destination)
        where T : unmanaged
    {
        int bytesWritten = Decode(source, MemoryMarshal.AsBytes(destination));
        int itemSize = Unsafe.SizeOf<T>();
        if (bytesWritten % itemSize != 0)
        {
            throw new CorruptDataException(
                $"Decoded {bytesWritten} bytes, which is not a whole number of {itemSize}-byte {typeof(T).Name} items.");
        }

        return bytesWritten / itemSize;
    }

    /// <summary>Decodes <paramref name="source"/> and writes the result to <paramref name="destination"/>.</summary>
    /// <param name="source">Encoded data.</param>
    /// <param name="destination">Receives the decoded bytes.</param>
    /// <exception cref="CorruptDataException">The data is truncated, inconsistent or rejected by the decoder.</exception>
    /// <exception cref="DecodedLengthLimitException">The output would exceed <see cref="MaxDecodedLength"/>.</exception>
    public void Decode(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        DecodeCore(source, destination);
    }

    /// <summary>Decodes a possibly multi-segment sequence.</summary>
    /// <param name="source">Encoded data.</param>
    /// <param name="destination">Receives the decoded bytes.</param>
    /// <exception cref="CorruptDataException">The data is truncated, inconsistent or rejected by the decoder.</exception>
    /// <exception cref="DecodedLengthLimitException">The output would exceed <see cref="MaxDecodedLength"/>.</exception>
    public void Decode(in ReadOnlySequence<byte> source, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        DecodeCore(source, destination);
    }

    /// <summary>Decodes <paramref name="source"/> into a new array.</summary>
    /// <param name="source">Encoded data.</param>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="CorruptDataException">The data is truncated, inconsistent or rejected by the decoder.</exception>
    /// <exception cref="DecodedLengthLimitException">The output would exceed <see cref="MaxDecodedLength"/>.</exception>
    public byte[] Decode(ReadOnlySpan<byte> source)
    {
        if (TryGetDecodedLength(source, out int length))
        {
            CheckRecordedDecodedLength(source, length);
            byte[] result = length == 0 ? [] : GC.AllocateUninitializedArray<byte>(length);
            if (!TryDecodeCore(source, result, out int written) || written != length)
            {
                throw new CorruptDataException($"The data decoded to another length than the {length} bytes its header records.");
            }

            return result;
        }

        // The length is learnt by decoding: pieces, then one array of the exact length.
        using var pieces = new SegmentedBufferWriter();
        DecodeCore(source, pieces);
        return pieces.ToArray();
    }

    /// <summary>Encodes into <paramref name="destination"/>: the one place each codec implements encoding.</summary>
    /// <param name="source">The data to encode.</param>
    /// <param name="itemSize">Bytes per item of the caller's data (1 for plain bytes); Blosc's default typesize.</param>
    /// <param name="destination">Where the encoded bytes go.</param>
    /// <param name="bytesWritten">Bytes written.</param>
    /// <returns><see langword="false"/> only when <paramref name="destination"/> is too small.</returns>
    protected abstract bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten);

    /// <summary>
    /// Encodes into a buffer writer. The default asks the writer for <see cref="GetMaxEncodedLength"/> bytes and encodes
    /// in one step; codecs whose worst case is far above the usual size (LZMA1) override this to write piece by piece.
    /// </summary>
    /// <param name="source">The data to encode.</param>
    /// <param name="itemSize">Bytes per item of the caller's data (1 for plain bytes); Blosc's default typesize.</param>
    /// <param name="destination">Receives the encoded bytes.</param>
    protected virtual void EncodeCore(ReadOnlySpan<byte> source, int itemSize, IBufferWriter<byte> destination)
    {
        int maxLength = GetMaxEncodedLength(source.Length);

        // Exactly the bound, whatever the writer offers: Blosc, for one, encodes differently into a larger destination.
        Span<byte> target = destination.GetSpan(maxLength)[..maxLength];
        if (!TryEncodeCore(source, itemSize, target, out int written))
        {
            throw new NumCodecsException(
                $"The {CodecId} encoder needed more than GetMaxEncodedLength ({maxLength} bytes) for {source.Length} bytes.");
        }

        destination.Advance(written);
    }

    /// <summary>Decodes into <paramref name="destination"/>: the one place each codec implements decoding.</summary>
    /// <param name="source">Encoded data.</param>
    /// <param name="destination">Where the decoded bytes go.</param>
    /// <param name="bytesWritten">Bytes written.</param>
    /// <returns><see langword="false"/> only when <paramref name="destination"/> is too small.</returns>
    protected abstract bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten);

    /// <summary>
    /// Decodes into a buffer writer. The default asks <see cref="TryGetDecodedLength"/> for the length and decodes in
    /// one step; codecs whose formats may not record it override this to decode piece by piece.
    /// </summary>
    /// <param name="source">Encoded data.</param>
    /// <param name="destination">Receives the decoded bytes.</param>
    protected virtual void DecodeCore(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        if (!TryGetDecodedLength(source, out int length))
        {
            throw new CorruptDataException($"The {CodecId} data does not record its decoded length.");
        }

        CheckRecordedDecodedLength(source, length);
        Span<byte> target = length == 0 ? [] : destination.GetSpan(length)[..length];
        if (!TryDecodeCore(source, target, out int written) || written != length)
        {
            throw new CorruptDataException($"The data decoded to another length than the {length} bytes its header records.");
        }

        destination.Advance(written);
    }

    /// <summary>
    /// Decodes a sequence into a buffer writer. The default copies a multi-segment sequence into one pooled buffer;
    /// streaming decoders override it to read the segments in place.
    /// </summary>
    /// <param name="source">Encoded data.</param>
    /// <param name="destination">Receives the decoded bytes.</param>
    protected virtual void DecodeCore(in ReadOnlySequence<byte> source, IBufferWriter<byte> destination)
    {
        if (source.IsSingleSegment)
        {
            DecodeCore(source.FirstSpan, destination);
            return;
        }

        byte[] rented = RentCopy(source, out int length);
        try
        {
            DecodeCore(rented.AsSpan(0, length), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The most bytes <paramref name="source"/> could decode to, judged from what is there (its length and structure,
    /// and the format's largest expansion), or <see cref="long.MaxValue"/> when the format bounds nothing. The overloads
    /// that allocate by a length the data records refuse a record above it as corrupt, before allocating anything.
    /// </summary>
    /// <param name="source">The whole encoded data.</param>
    /// <returns>An upper bound of the decoded length, in bytes.</returns>
    /// <exception cref="CorruptDataException">The data's structure is already seen to be invalid.</exception>
    protected virtual long GetDecodedLengthBound(ReadOnlySpan<byte> source) => long.MaxValue;

    /// <summary>
    /// Checks a decoded length that <paramref name="source"/> records before anything is allocated for it: against
    /// <see cref="MaxDecodedLength"/>, then against what the data could decode to (<see cref="GetDecodedLengthBound"/>).
    /// </summary>
    /// <param name="source">The whole encoded data.</param>
    /// <param name="length">The decoded length it records, in bytes.</param>
    /// <exception cref="DecodedLengthLimitException">The length exceeds <see cref="MaxDecodedLength"/>.</exception>
    /// <exception cref="CorruptDataException">The data cannot decode to that many bytes.</exception>
    protected void CheckRecordedDecodedLength(ReadOnlySpan<byte> source, long length)
    {
        CheckDecodedLength(length);
        long bound = GetDecodedLengthBound(source);
        if (length > bound)
        {
            throw new CorruptDataException(
                $"The {CodecId} data records a decoded length of {length} bytes, more than its {source.Length} bytes can decode to " +
                $"(at most {bound}).");
        }
    }

    /// <summary>Throws <see cref="DecodedLengthLimitException"/> when <paramref name="length"/> exceeds <see cref="MaxDecodedLength"/>.</summary>
    /// <param name="length">A decoded length, in bytes.</param>
    protected void CheckDecodedLength(long length)
    {
        if (length > MaxDecodedLength)
        {
            throw new DecodedLengthLimitException(
                $"The {CodecId} data decodes to {length} bytes, more than MaxDecodedLength ({MaxDecodedLength} bytes).");
        }
    }

    /// <summary>Whether <paramref name="other"/> is a codec with the same id and config.</summary>
    /// <param name="other">Another codec.</param>
    /// <returns><see langword="true"/> when the configs are equal.</returns>
    public bool Equals(Codec? other) =>
        other is not null &&
        (ReferenceEquals(this, other) || (CodecId == other.CodecId && JsonNode.DeepEquals(GetConfig(), other.GetConfig())));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Codec);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(GetConfig().ToJsonString());

    private void EncodeToWriter(ReadOnlySpan<byte> source, int itemSize, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        EncodeCore(source, itemSize, destination);
    }

    private byte[] EncodeToArray(ReadOnlySpan<byte> source, int itemSize)
    {
        using var writer = new PooledBufferWriter();
        EncodeCore(source, itemSize, writer);
        return writer.WrittenSpan.ToArray();
    }

    private static byte[] RentCopy(in ReadOnlySequence<byte> source, out int length)
    {
        if (source.Length > Array.MaxLength)
        {
            throw new ArgumentException($"The sequence ({source.Length} bytes) is longer than one buffer can hold.", nameof(source));
        }

        length = (int)source.Length;
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        source.CopyTo(rented);
        return rented;
    }
}
