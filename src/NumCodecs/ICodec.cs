using System.Buffers;
using System.Text.Json.Nodes;
using NumCodecs.IO;
using NumCodecs.Pipeline;

namespace NumCodecs;

/// <summary>The three kinds of codec in a Zarr v3 codec chain.</summary>
public enum CodecKind
{
    /// <summary>An array in, an array out (<c>transpose</c>, <c>numcodecs.delta</c>): comes first in a chain.</summary>
    ArrayToArray,

    /// <summary>An array in, bytes out (<c>bytes</c>, <c>sharding_indexed</c>, <c>vlen-utf8</c>): exactly one per chain.</summary>
    ArrayToBytes,

    /// <summary>Bytes in, bytes out (compressors and checksums): comes last in a chain.</summary>
    BytesToBytes,
}

/// <summary>
/// A codec as a Zarr library sees it: a Zarr v3 name, a kind, and the <c>{"name", "configuration"}</c> object that
/// <c>zarr.json</c> holds. Implement one of <see cref="IArrayToArrayCodec"/>, <see cref="IArrayToBytesCodec"/> or
/// <see cref="IBytesToBytesCodec"/>, and register it with <see cref="CodecRegistry.RegisterV3"/> to plug it in.
/// </summary>
/// <remarks>Implementations must be immutable and thread-safe.</remarks>
public interface ICodec
{
    /// <summary>The Zarr v3 name (<c>bytes</c>, <c>blosc</c>, <c>numcodecs.delta</c>, ...).</summary>
    string Name { get; }

    /// <summary>Which of the three kinds this codec is.</summary>
    CodecKind Kind { get; }

    /// <summary>
    /// The codec's entry in a v3 <c>codecs</c> array: <c>{"name": ..., "configuration": {...}}</c>, the configuration
    /// left out where the codec has none. Building a codec from it gives an equal codec.
    /// </summary>
    /// <returns>A new object; changing it does not change the codec.</returns>
    JsonObject GetV3Config();

    /// <summary>
    /// Whether the codec's partial decoder reads and decodes less than the whole chunk for a small selection (the
    /// capability column of docs/codecs.md). The default, <see langword="false"/>, goes with the default partial
    /// decoders, which decode everything and slice.
    /// </summary>
    bool SupportsPartialDecoding => false;
}

/// <summary>
/// An array to array codec. Arrays between codecs are raw elements in C order, in this machine's byte order, as
/// <see cref="ChunkSpec"/> describes them.
/// </summary>
public interface IArrayToArrayCodec : ICodec
{
    /// <summary>The representation this codec produces from chunks of <paramref name="decoded"/>.</summary>
    /// <param name="decoded">The representation the codec receives when encoding.</param>
    /// <returns>The representation of its output.</returns>
    /// <exception cref="CodecConfigException">The codec cannot encode such chunks (for example a transpose order of another rank).</exception>
    ChunkSpec GetEncodedSpec(ChunkSpec decoded);

    /// <summary>Encodes one chunk.</summary>
    /// <param name="decoded">The representation of <paramref name="source"/>.</param>
    /// <param name="source">The chunk's elements (<see cref="ChunkSpec.ByteLength"/> bytes of <paramref name="decoded"/>).</param>
    /// <param name="destination">Receives the encoded elements (<see cref="ChunkSpec.ByteLength"/> bytes of the encoded representation).</param>
    void Encode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination);

    /// <summary>Decodes one chunk.</summary>
    /// <param name="decoded">The representation of the decoded chunk.</param>
    /// <param name="source">The encoded elements.</param>
    /// <param name="destination">Receives the decoded elements.</param>
    /// <exception cref="CorruptDataException">The encoded elements are invalid.</exception>
    void Decode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination);

    /// <summary>
    /// A decoder of selections of chunks of <paramref name="decoded"/> that reads from <paramref name="input"/>, a
    /// decoder of the encoded representation. The default decodes the whole encoded chunk and slices it; codecs that
    /// map a selection to one of their input (<c>transpose</c>) override it.
    /// </summary>
    /// <param name="input">Decodes selections of the encoded representation.</param>
    /// <param name="decoded">The representation of the decoded chunk.</param>
    /// <returns>The partial decoder.</returns>
    IArrayPartialDecoder CreatePartialDecoder(IArrayPartialDecoder input, ChunkSpec decoded) =>
        new WholeArrayPartialDecoder(this, input, decoded);
}

/// <summary>An array to bytes codec: turns a chunk's elements (see <see cref="IArrayToArrayCodec"/>) into bytes.</summary>
public interface IArrayToBytesCodec : ICodec
{
    /// <summary>Checks that the codec can encode chunks of <paramref name="decoded"/>.</summary>
    /// <param name="decoded">The representation the codec would receive.</param>
    /// <exception cref="CodecConfigException">It cannot (for example an inner chunk shape that does not divide the shard).</exception>
    void Validate(ChunkSpec decoded);

    /// <summary>Encodes one chunk.</summary>
    /// <param name="decoded">The representation of <paramref name="source"/>.</param>
    /// <param name="source">The chunk's elements.</param>
    /// <param name="destination">Receives the encoded bytes.</param>
    void Encode(ChunkSpec decoded, ReadOnlySpan<byte> source, IBufferWriter<byte> destination);

    /// <summary>Decodes one chunk.</summary>
    /// <param name="decoded">The representation of the decoded chunk.</param>
    /// <param name="source">The encoded bytes.</param>
    /// <param name="destination">Receives the elements (<see cref="ChunkSpec.ByteLength"/> bytes).</param>
    /// <exception cref="CorruptDataException">The bytes are invalid or of the wrong length.</exception>
    void Decode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination);

    /// <summary>
    /// A decoder of selections of chunks of <paramref name="decoded"/> whose encoded bytes <paramref name="input"/>
    /// holds. The default reads and decodes the whole chunk; <c>bytes</c> and <c>sharding_indexed</c> read only what a
    /// selection needs.
    /// </summary>
    /// <param name="input">The encoded bytes, read by range.</param>
    /// <param name="decoded">The representation of the decoded chunk.</param>
    /// <param name="options">Read planning and parallelism.</param>
    /// <returns>The partial decoder.</returns>
    IArrayPartialDecoder CreatePartialDecoder(IByteRangeSource input, ChunkSpec decoded, PartialDecodeOptions options) =>
        new WholeBytesArrayPartialDecoder(this, input, decoded, options);
}

/// <summary>
/// A bytes to bytes codec (a compressor or a checksum). Every <see cref="Codec"/> is one; <see cref="Codec"/> is the
/// base to derive new ones from.
/// </summary>
public interface IBytesToBytesCodec : ICodec
{
    /// <summary>Encodes bytes.</summary>
    /// <param name="decoded">The representation of the array these bytes came from (Blosc takes its item size from it).</param>
    /// <param name="source">The bytes.</param>
    /// <param name="destination">Receives the encoded bytes.</param>
    void Encode(ChunkSpec decoded, ReadOnlySpan<byte> source, IBufferWriter<byte> destination);

    /// <summary>Decodes bytes.</summary>
    /// <param name="decoded">The representation of the array the bytes came from.</param>
    /// <param name="source">The encoded bytes.</param>
    /// <param name="destination">Receives the decoded bytes.</param>
    /// <exception cref="CorruptDataException">The bytes are invalid.</exception>
    void Decode(ChunkSpec decoded, ReadOnlySpan<byte> source, IBufferWriter<byte> destination);

    /// <summary>
    /// The decoded bytes as a byte-range source over the encoded ones in <paramref name="input"/>. The default reads
    /// and decodes everything at the first read; <c>blosc</c> reads only the blocks a range needs.
    /// </summary>
    /// <param name="input">The encoded bytes, read by range.</param>
    /// <param name="decoded">The representation of the array the bytes came from.</param>
    /// <param name="options">Read planning and parallelism.</param>
    /// <returns>A source of the decoded bytes.</returns>
    IByteRangeSource CreatePartialDecoder(IByteRangeSource input, ChunkSpec decoded, PartialDecodeOptions options) =>
        new WholeBytesPartialDecoder(this, input, decoded, options);
}

/// <summary>Decodes hyper-rectangle selections of one chunk, reading from wherever its encoded bytes are.</summary>
/// <remarks>Implementations are thread-safe; the built-in ones read shared structure (an index, a block table) once.</remarks>
public interface IArrayPartialDecoder
{
    /// <summary>The representation of the decoded chunk.</summary>
    ChunkSpec Spec { get; }

    /// <summary>Decodes the elements of <paramref name="selection"/>, in C order of the selection, into <paramref name="destination"/>.</summary>
    /// <param name="selection">One slice per dimension of <see cref="Spec"/>.</param>
    /// <param name="destination">Receives the elements: the selection's element count times the item size, in bytes.</param>
    /// <exception cref="ArgumentException">The selection lies outside the chunk or the destination is too small.</exception>
    /// <exception cref="CorruptDataException">The encoded data is invalid.</exception>
    void Decode(ReadOnlySpan<DimensionSlice> selection, Span<byte> destination);

    /// <summary>Decodes the elements of <paramref name="selection"/> like <see cref="Decode"/>, reading asynchronously.</summary>
    /// <param name="selection">One slice per dimension of <see cref="Spec"/>.</param>
    /// <param name="destination">Receives the elements.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>A task that completes when the destination is filled.</returns>
    /// <exception cref="ArgumentException">The selection lies outside the chunk or the destination is too small.</exception>
    /// <exception cref="CorruptDataException">The encoded data is invalid.</exception>
    ValueTask DecodeAsync(ReadOnlyMemory<DimensionSlice> selection, Memory<byte> destination, CancellationToken cancellationToken = default);
}
