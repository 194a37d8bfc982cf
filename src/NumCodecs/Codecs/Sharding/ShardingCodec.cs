using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.IO;
using NumCodecs.Pipeline;

namespace NumCodecs;

/// <summary>Where a shard keeps its index.</summary>
public enum ShardIndexLocation
{
    /// <summary><c>start</c>: the index comes first, the inner chunks after it.</summary>
    Start,

    /// <summary><c>end</c>: the inner chunks come first, the index last (the default).</summary>
    End,
}

/// <summary>
/// The Zarr v3 <c>sharding_indexed</c> codec (array to bytes): a chunk (the shard) split into inner chunks, each
/// encoded by its own codec chain, followed or preceded by an index of where each one is.
/// </summary>
/// <remarks>
/// <para>Name (Zarr v3): <c>sharding_indexed</c>. No Zarr v2 id.</para>
/// <para>Config: <c>{"name": "sharding_indexed", "configuration": {"chunk_shape": [32, 32], "codecs": [{"name": "bytes",
/// "configuration": {"endian": "little"}}], "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}},
/// {"name": "crc32c"}], "index_location": "end"}}</c>.</para>
/// <para>
/// The index holds one (offset, nbytes) pair of little-endian uint64 per inner chunk, in C order of the grid of inner
/// chunks, encoded by <c>index_codecs</c> (which must keep a fixed size: <c>bytes</c>, <c>transpose</c>, checksums);
/// 2^64 - 1 in both fields marks an inner chunk that is all fill value and not stored. Encoding leaves out such inner
/// chunks, as zarr-python does. Decoding checks every entry against the shard's length (inside it, no overflow, clear
/// of the index) before reading anything it points at; a bad index checksum is a <see cref="ChecksumMismatchException"/>.
/// </para>
/// <para>
/// Partial decoding reads the index (one read; a suffix read for an end index), then only the inner chunks a selection
/// touches: whole inner chunks in coalesced reads issued concurrently, partly needed ones through their own chain's
/// partial decoder (a Blosc inner chunk reads its header, table and needed blocks).
/// </para>
/// </remarks>
public sealed unsafe class ShardingCodec : IArrayToBytesCodec
{
    /// <summary>The v3 name, <c>sharding_indexed</c>.</summary>
    public const string V3Name = "sharding_indexed";

    private const ulong EmptyEntry = ulong.MaxValue; // both fields of an inner chunk that is not stored

    private readonly int[] _chunkShape;
    private readonly ICodec[] _codecs;
    private readonly ICodec[] _indexCodecs;
    private Layout? _layout; // the last chunk representation bound, with its pipelines

    /// <summary>Creates a sharding codec.</summary>
    /// <param name="chunkShape">The inner chunks' shape; it must divide the shard's shape.</param>
    /// <param name="codecs">The inner chunks' codec chain.</param>
    /// <param name="indexCodecs">The index's codec chain; null for <c>bytes</c> (little endian) and <c>crc32c</c>.</param>
    /// <param name="indexLocation">Where the index goes.</param>
    /// <exception cref="CodecConfigException">An extent is not positive, or the index codecs do not keep a fixed size.</exception>
    public ShardingCodec(
        ReadOnlySpan<int> chunkShape,
        IEnumerable<ICodec> codecs,
        IEnumerable<ICodec>? indexCodecs = null,
        ShardIndexLocation indexLocation = ShardIndexLocation.End)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        for (int d = 0; d < chunkShape.Length; d++)
        {
            if (chunkShape[d] <= 0)
            {
                throw new CodecConfigException("chunk_shape", $"Dimension {d} of the inner chunk shape is {chunkShape[d]}; extents are positive.");
            }
        }

        _chunkShape = chunkShape.ToArray();
        _codecs = [.. codecs];
        _indexCodecs = indexCodecs is null ? [new BytesCodec(DTypeByteOrder.LittleEndian), new Crc32CCodec()] : [.. indexCodecs];
        foreach (ICodec codec in _indexCodecs)
        {
            if (codec is not (BytesCodec or TransposeCodec or ChecksumCodec))
            {
                throw new CodecConfigException(
                    "index_codecs", $"The shard index codecs must keep a fixed size (bytes, transpose, checksums such as crc32c); '{codec.Name}' does not.");
            }
        }

        if (!Enum.IsDefined(indexLocation))
        {
            throw new CodecConfigException("index_location", $"The index location is start or end, not {indexLocation}.");
        }

        IndexLocation = indexLocation;
    }

    /// <summary>The inner chunks' shape.</summary>
    public IReadOnlyList<int> ChunkShape => _chunkShape.AsReadOnly();

    /// <summary>The inner chunks' codec chain.</summary>
    public IReadOnlyList<ICodec> Codecs => _codecs.AsReadOnly();

    /// <summary>The index's codec chain.</summary>
    public IReadOnlyList<ICodec> IndexCodecs => _indexCodecs.AsReadOnly();

    /// <summary>Where the index goes.</summary>
    public ShardIndexLocation IndexLocation { get; }

    /// <summary>
    /// Most inner chunks encoded or decoded at once by a whole-shard call (threads); 1 works on the calling thread.
    /// Defaults to the processor count. Not part of the config.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <inheritdoc/>
    public string Name => V3Name;

    /// <inheritdoc/>
    public CodecKind Kind => CodecKind.ArrayToBytes;

    /// <inheritdoc/>
    public bool SupportsPartialDecoding => true;

    /// <summary>Builds a codec from the <c>configuration</c> of a v3 entry.</summary>
    /// <param name="configuration">The configuration: <c>chunk_shape</c>, <c>codecs</c>, and optionally <c>index_codecs</c> and <c>index_location</c>.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The configuration is invalid.</exception>
    /// <exception cref="UnknownCodecException">An inner codec name is not registered.</exception>
    public static ShardingCodec FromV3Config(JsonObject? configuration)
    {
        var reader = CodecConfigReader.ForV3(configuration, V3Name, "chunk_shape", "codecs", "index_codecs", "index_location");
        reader.Require("chunk_shape", "codecs");
        JsonArray shape = reader.GetArray("chunk_shape")!;
        var chunkShape = new int[shape.Count];
        for (int d = 0; d < chunkShape.Length; d++)
        {
            chunkShape[d] = CodecConfigReader.TryGetInt32(shape[d], out int extent)
                ? extent
                : throw new CodecConfigException("chunk_shape", $"Item {d} of the inner chunk shape is {shape[d]?.ToJsonString() ?? "null"}, not an integer.");
        }

        ShardIndexLocation location = reader.GetString("index_location", "end") switch
        {
            "end" => ShardIndexLocation.End,
            "start" => ShardIndexLocation.Start,
            string other => throw new CodecConfigException("index_location", $"The shard index location is \"start\" or \"end\", not \"{other}\"."),
        };
        return new ShardingCodec(
            chunkShape,
            ReadChain(reader.GetArray("codecs")!, "codecs"),
            reader.Has("index_codecs") ? ReadChain(reader.GetArray("index_codecs")!, "index_codecs") : null,
            location);
    }

    /// <inheritdoc/>
    public JsonObject GetV3Config() => new()
    {
        ["name"] = V3Name,
        ["configuration"] = new JsonObject
        {
            ["chunk_shape"] = new JsonArray(_chunkShape.Select(extent => (JsonNode)extent).ToArray()),
            ["codecs"] = new JsonArray(_codecs.Select(codec => (JsonNode)codec.GetV3Config()).ToArray()),
            ["index_codecs"] = new JsonArray(_indexCodecs.Select(codec => (JsonNode)codec.GetV3Config()).ToArray()),
            ["index_location"] = IndexLocation == ShardIndexLocation.Start ? "start" : "end",
        },
    };

    /// <inheritdoc/>
    public void Validate(ChunkSpec decoded) => Bind(decoded);

    /// <inheritdoc/>
    public void Encode(ChunkSpec decoded, ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(destination);
        Layout layout = Bind(decoded);
        if (source.Length != decoded.ByteLength)
        {
            throw new ArgumentException($"A shard of {decoded} has {decoded.ByteLength} bytes, not {source.Length}.", nameof(source));
        }

        // Inner chunks are encoded in parallel straight from the caller's span: it is pinned for the parallel loop,
        // which ends before the pin does, and each thread makes a span of it again.
        var encoded = new byte[]?[layout.InnerCount];
        fixed (byte* pointer = source)
        {
            nint address = (nint)pointer;
            int length = source.Length;
            ParallelWork.For(layout.InnerCount, MaxDegreeOfParallelism, c =>
            {
                ChunkSpec inner = layout.Inner.Spec;
                byte[] elements = ArrayPool<byte>.Shared.Rent(inner.ByteLength);
                try
                {
                    Span<byte> chunk = elements.AsSpan(0, inner.ByteLength);
                    Selections.Extract(decoded, new ReadOnlySpan<byte>((void*)address, length), layout.InnerSelection(c), chunk);
                    encoded[c] = inner.IsAllFillValue(chunk) ? null : layout.Inner.Encode(chunk);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(elements);
                }
            });
        }

        var index = new ulong[layout.InnerCount * 2];
        ulong offset = IndexLocation == ShardIndexLocation.Start ? (ulong)layout.IndexLength : 0;
        for (int c = 0; c < encoded.Length; c++)
        {
            if (encoded[c] is byte[] bytes)
            {
                index[2 * c] = offset;
                index[(2 * c) + 1] = (ulong)bytes.Length;
                offset += (ulong)bytes.Length;
            }
            else
            {
                index[2 * c] = EmptyEntry;
                index[(2 * c) + 1] = EmptyEntry;
            }
        }

        byte[] indexBytes = layout.Index.Encode(MemoryMarshal.AsBytes(index.AsSpan()));
        if (IndexLocation == ShardIndexLocation.Start)
        {
            destination.Write(indexBytes);
        }

        foreach (byte[]? bytes in encoded)
        {
            if (bytes is not null)
            {
                destination.Write(bytes);
            }
        }

        if (IndexLocation == ShardIndexLocation.End)
        {
            destination.Write(indexBytes);
        }
    }

    /// <inheritdoc/>
    public void Decode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        Layout layout = Bind(decoded);
        if (destination.Length < decoded.ByteLength)
        {
            throw new ArgumentException($"The destination ({destination.Length} bytes) is shorter than a shard of {decoded} ({decoded.ByteLength} bytes).", nameof(destination));
        }

        if (source.Length < layout.IndexLength)
        {
            throw new CorruptDataException($"The shard has {source.Length} bytes, fewer than its {layout.IndexLength}-byte index.");
        }

        ReadOnlySpan<byte> indexBytes = IndexLocation == ShardIndexLocation.Start
            ? source[..layout.IndexLength]
            : source[^layout.IndexLength..];
        ShardIndex index = layout.ReadIndex(indexBytes, source.Length);

        // Inner chunks are decoded in parallel from the pinned source straight into the pinned destination; each
        // covers its own bytes of it, so threads need no lock.
        fixed (byte* sourcePointer = source)
        fixed (byte* destinationPointer = destination)
        {
            nint sourceAddress = (nint)sourcePointer;
            nint destinationAddress = (nint)destinationPointer;
            int sourceLength = source.Length;
            int resultLength = decoded.ByteLength;
            ParallelWork.For(layout.InnerCount, MaxDegreeOfParallelism, c =>
            {
                ChunkSpec inner = layout.Inner.Spec;
                byte[] elements = ArrayPool<byte>.Shared.Rent(inner.ByteLength);
                try
                {
                    Span<byte> chunk = elements.AsSpan(0, inner.ByteLength);
                    if (index.IsEmpty(c))
                    {
                        inner.Fill(chunk);
                    }
                    else
                    {
                        var shard = new ReadOnlySpan<byte>((void*)sourceAddress, sourceLength);
                        layout.Inner.Decode(shard.Slice((int)index.Offset(c), index.Length(c)), chunk);
                    }

                    Selections.Scatter(decoded, chunk, layout.InnerSelection(c), new Span<byte>((void*)destinationAddress, resultLength));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(elements);
                }
            });
        }
    }

    /// <inheritdoc/>
    public IArrayPartialDecoder CreatePartialDecoder(IByteRangeSource input, ChunkSpec decoded, PartialDecodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(options);
        return new ShardPartialDecoder(Bind(decoded), input, options);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ShardingCodec other && JsonNode.DeepEquals(other.GetV3Config(), GetV3Config());

    /// <inheritdoc/>
    public override int GetHashCode() => GetV3Config().ToJsonString().GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() =>
        $"ShardingCodec(chunk_shape=({string.Join(", ", _chunkShape)}), codecs=[{string.Join(", ", _codecs.Select(c => c.Name))}], " +
        $"index_codecs=[{string.Join(", ", _indexCodecs.Select(c => c.Name))}], index_location='{(IndexLocation == ShardIndexLocation.Start ? "start" : "end")}')";

    private static ICodec[] ReadChain(JsonArray chain, string key) =>
        chain.Select((entry, i) => entry switch
        {
            JsonObject codec => CodecRegistry.GetV3Codec(codec),
            JsonValue name when name.TryGetValue(out string? text) => CodecRegistry.GetV3Codec(new JsonObject { ["name"] = text }),
            _ => throw new CodecConfigException(key, $"Item {i} of \"{key}\" is {entry?.ToJsonString() ?? "null"}, not a codec entry."),
        }).ToArray();

    private Layout Bind(ChunkSpec decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        Layout? layout = Volatile.Read(ref _layout);
        if (layout is not null && layout.Spec.Equals(decoded))
        {
            return layout;
        }

        layout = new Layout(this, decoded);
        Volatile.Write(ref _layout, layout);
        return layout;
    }

    /// <summary>A shard representation with its inner and index pipelines and the geometry of its inner chunks.</summary>
    internal sealed class Layout
    {
        private readonly int[] _grid;

        public Layout(ShardingCodec codec, ChunkSpec spec)
        {
            Spec = spec;
            Location = codec.IndexLocation;
            int[] chunkShape = codec._chunkShape;
            if (chunkShape.Length != spec.Rank)
            {
                throw new CodecConfigException(
                    "chunk_shape", $"The inner chunk shape [{string.Join(", ", chunkShape)}] has {chunkShape.Length} dimensions; the shard [{string.Join(", ", spec.Shape)}] has {spec.Rank}.");
            }

            _grid = new int[spec.Rank];
            long count = 1;
            for (int d = 0; d < spec.Rank; d++)
            {
                if (spec.Shape[d] % chunkShape[d] != 0)
                {
                    throw new CodecConfigException(
                        "chunk_shape", $"The inner chunk shape [{string.Join(", ", chunkShape)}] does not divide the shard shape [{string.Join(", ", spec.Shape)}] (dimension {d}).");
                }

                _grid[d] = spec.Shape[d] / chunkShape[d];
                count *= _grid[d];
            }

            // 16 bytes of index per inner chunk, in one buffer: a chunk_shape of tiny inner chunks cannot ask for more.
            if (count > (Array.MaxLength - 64) / 16)
            {
                throw new CodecConfigException(
                    "chunk_shape", $"A shard [{string.Join(", ", spec.Shape)}] of inner chunks [{string.Join(", ", chunkShape)}] has {count} inner chunks; its index would exceed {Array.MaxLength} bytes.");
            }

            InnerCount = (int)count;
            ChunkShape = chunkShape;
            Inner = CodecPipeline.Create(codec._codecs, spec.WithShape(chunkShape));
            if (Inner.ArrayToBytesCodec is VLenV3Codec items)
            {
                throw new CodecConfigException("codecs", $"Shards of variable-length items ({items.Name} inner chunks) are not supported.");
            }

            int[] indexShape = [.. _grid, 2];
            Index = CodecPipeline.Create(codec._indexCodecs, new ChunkSpec(indexShape, DType.ParseZarrV3("uint64")));

            // The index codecs keep a fixed size: bytes and transpose none, each checksum its 4 bytes.
            IndexLength = (InnerCount * 16) + (codec._indexCodecs.Count(c => c is ChecksumCodec) * ChecksumCodec.ChecksumLength);
        }

        public ChunkSpec Spec { get; }

        public ShardIndexLocation Location { get; }

        public int[] ChunkShape { get; }

        public int InnerCount { get; }

        public int IndexLength { get; }

        public CodecPipeline Inner { get; }

        public CodecPipeline Index { get; }

        public ReadOnlySpan<int> Grid => _grid;

        /// <summary>Inner chunk <paramref name="c"/> (C order over the grid) as a selection of the shard.</summary>
        public DimensionSliceArray InnerSelection(int c)
        {
            var selection = new DimensionSlice[_grid.Length];
            for (int d = _grid.Length - 1; d >= 0; d--)
            {
                int i = c % _grid[d];
                c /= _grid[d];
                selection[d] = new DimensionSlice(i * ChunkShape[d], (i + 1) * ChunkShape[d]);
            }

            return new DimensionSliceArray(selection);
        }

        /// <summary>Decodes and checks an index read from a shard of <paramref name="shardLength"/> bytes (-1 when unknown).</summary>
        public ShardIndex ReadIndex(ReadOnlySpan<byte> indexBytes, long shardLength)
        {
            var entries = new ulong[InnerCount * 2];
            Index.Decode(indexBytes, MemoryMarshal.AsBytes(entries.AsSpan()));
            long indexStart = Location == ShardIndexLocation.Start ? 0 : shardLength - IndexLength;
            var offsets = new long[InnerCount];
            var lengths = new int[InnerCount];
            long maxEnd = 0;
            for (int c = 0; c < InnerCount; c++)
            {
                ulong offset = entries[2 * c];
                ulong length = entries[(2 * c) + 1];
                if (offset == EmptyEntry && length == EmptyEntry)
                {
                    offsets[c] = -1;
                    continue;
                }

                if (offset == EmptyEntry || length == EmptyEntry)
                {
                    throw new CorruptDataException(
                        $"Shard index entry {c} is (offset {offset}, nbytes {length}): an empty inner chunk has 2^64 - 1 in both fields.");
                }

                if (length > int.MaxValue || offset > long.MaxValue - length)
                {
                    throw new CorruptDataException(
                        $"Shard index entry {c} is (offset {offset}, nbytes {length}): it does not fit in a shard (inner chunks have at most {int.MaxValue} bytes).");
                }

                long end = (long)offset + (long)length;
                if (shardLength >= 0 && end > shardLength)
                {
                    throw new CorruptDataException(
                        $"Shard index entry {c} is (offset {offset}, nbytes {length}): it ends at byte {end}, past the shard's {shardLength} bytes.");
                }

                long indexEnd = Location == ShardIndexLocation.Start ? IndexLength : (shardLength >= 0 ? shardLength : long.MaxValue);
                bool overlapsIndex = Location == ShardIndexLocation.Start
                    ? (long)offset < IndexLength
                    : shardLength >= 0 && end > indexStart && (long)offset < indexEnd;
                if (overlapsIndex && length > 0)
                {
                    throw new CorruptDataException(
                        $"Shard index entry {c} is (offset {offset}, nbytes {length}): it overlaps the {IndexLength}-byte index at the shard's {(Location == ShardIndexLocation.Start ? "start" : "end")}.");
                }

                offsets[c] = (long)offset;
                lengths[c] = (int)length;
                maxEnd = Math.Max(maxEnd, end);
            }

            return new ShardIndex(offsets, lengths, maxEnd);
        }
    }

    /// <summary>A checked shard index: where each inner chunk is, or that it is empty.</summary>
    internal sealed class ShardIndex(long[] offsets, int[] lengths, long maxEnd)
    {
        /// <summary>The end of the inner chunk that ends last.</summary>
        public long MaxEnd => maxEnd;

        public bool IsEmpty(int c) => offsets[c] < 0;

        public long Offset(int c) => offsets[c];

        public int Length(int c) => lengths[c];
    }

    /// <summary>A selection held as an array (spans cannot be captured by lambdas).</summary>
    internal readonly struct DimensionSliceArray(DimensionSlice[] slices)
    {
        public DimensionSlice[] Slices => slices;

        public static implicit operator ReadOnlySpan<DimensionSlice>(DimensionSliceArray selection) => selection.Slices;
    }
}
