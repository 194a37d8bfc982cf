using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.Pipeline;

namespace NumCodecs;

/// <summary>
/// The Zarr v3 <c>transpose</c> codec (array to array): permutes a chunk's dimensions, so that dimension
/// <c>i</c> of the encoded chunk is dimension <c>order[i]</c> of the decoded one.
/// </summary>
/// <remarks>
/// <para>Name (Zarr v3): <c>transpose</c>. In Zarr v2, <c>"order": "F"</c> is the reversed permutation.</para>
/// <para>Config: <c>{"name": "transpose", "configuration": {"order": [1, 0]}}</c>, a permutation of <c>0 .. rank - 1</c>.</para>
/// <para>Partial decoding: a selection maps to the permuted selection of the encoded chunk, which the codec after it
/// decodes partially in turn.</para>
/// </remarks>
public sealed class TransposeCodec : IArrayToArrayCodec
{
    /// <summary>The v3 name, <c>transpose</c>.</summary>
    public const string V3Name = "transpose";

    private readonly int[] _order;
    private readonly int[] _inverse;

    /// <summary>Creates a transpose codec.</summary>
    /// <param name="order">A permutation of <c>0 .. rank - 1</c>: encoded dimension <c>i</c> is decoded dimension <c>order[i]</c>.</param>
    /// <exception cref="CodecConfigException">The order is not a permutation.</exception>
    public TransposeCodec(params ReadOnlySpan<int> order)
    {
        _order = order.ToArray();
        _inverse = new int[_order.Length];
        var seen = new bool[_order.Length];
        for (int i = 0; i < _order.Length; i++)
        {
            int d = _order[i];
            if (d < 0 || d >= _order.Length || seen[d])
            {
                throw new CodecConfigException(
                    "order", $"The transpose order [{string.Join(", ", _order)}] is not a permutation of 0 to {_order.Length - 1}.");
            }

            seen[d] = true;
            _inverse[d] = i;
        }
    }

    /// <summary>The permutation.</summary>
    public IReadOnlyList<int> Order => _order.AsReadOnly();

    /// <inheritdoc/>
    public string Name => V3Name;

    /// <inheritdoc/>
    public CodecKind Kind => CodecKind.ArrayToArray;

    /// <inheritdoc/>
    public bool SupportsPartialDecoding => true;

    /// <summary>The transpose that stores a chunk of <paramref name="rank"/> dimensions in Fortran order (Zarr v2's <c>"order": "F"</c>).</summary>
    /// <param name="rank">The number of dimensions.</param>
    /// <returns>The reversing permutation.</returns>
    public static TransposeCodec FortranOrder(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        var order = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            order[i] = rank - 1 - i;
        }

        return new TransposeCodec(order);
    }

    /// <summary>Builds a codec from the <c>configuration</c> of a v3 entry.</summary>
    /// <param name="configuration">The configuration, with <c>order</c>.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The configuration is invalid.</exception>
    public static TransposeCodec FromV3Config(JsonObject? configuration)
    {
        var reader = CodecConfigReader.ForV3(configuration, V3Name, "order");
        reader.Require("order");
        JsonArray order = reader.GetArray("order")!;
        var permutation = new int[order.Count];
        for (int i = 0; i < permutation.Length; i++)
        {
            permutation[i] = CodecConfigReader.TryGetInt32(order[i], out int d)
                ? d
                : throw new CodecConfigException("order", $"Item {i} of the transpose order is {order[i]?.ToJsonString() ?? "null"}, not an integer.");
        }

        return new TransposeCodec(permutation);
    }

    /// <inheritdoc/>
    public JsonObject GetV3Config() => new()
    {
        ["name"] = V3Name,
        ["configuration"] = new JsonObject { ["order"] = new JsonArray(_order.Select(d => (JsonNode)d).ToArray()) },
    };

    /// <inheritdoc/>
    public ChunkSpec GetEncodedSpec(ChunkSpec decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        CheckRank(decoded);
        return decoded.WithShape(Permute(decoded.ShapeSpan, _order));
    }

    /// <inheritdoc/>
    public void Encode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        CheckRank(decoded);
        CheckLengths(decoded, source.Length, destination.Length);
        Transpose(decoded.ShapeSpan, _order, decoded.DataType.ItemSize, source, destination);
    }

    /// <inheritdoc/>
    public void Decode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        CheckRank(decoded);
        CheckLengths(decoded, source.Length, destination.Length);
        Transpose(Permute(decoded.ShapeSpan, _order), _inverse, decoded.DataType.ItemSize, source, destination);
    }

    /// <inheritdoc/>
    public IArrayPartialDecoder CreatePartialDecoder(IArrayPartialDecoder input, ChunkSpec decoded)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decoded);
        CheckRank(decoded);
        return new PartialDecoder(this, input, decoded);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TransposeCodec other && other._order.AsSpan().SequenceEqual(_order);

    /// <inheritdoc/>
    public override int GetHashCode() => _order.Aggregate(17, (hash, d) => (hash * 31) + d);

    /// <inheritdoc/>
    public override string ToString() => $"TransposeCodec(order=({string.Join(", ", _order)}))";

    private static int[] Permute(ReadOnlySpan<int> shape, int[] order)
    {
        var permuted = new int[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            permuted[i] = shape[order[i]];
        }

        return permuted;
    }

    /// <summary>
    /// Writes <paramref name="destination"/>, of shape <c>shape[order[i]]</c>, in C order: its element at index
    /// <c>e</c> is the source element whose index has <c>e[i]</c> in dimension <c>order[i]</c>.
    /// </summary>
    private static void Transpose(ReadOnlySpan<int> shape, int[] order, int itemSize, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int rank = shape.Length;
        long count = 1;
        foreach (int extent in shape)
        {
            count *= extent;
        }

        if (count == 0)
        {
            return;
        }

        if (rank == 0)
        {
            source[..itemSize].CopyTo(destination);
            return;
        }

        // Source strides (in elements) seen from the destination's dimensions.
        var sourceStrides = new long[rank];
        long stride = 1;
        var strideOf = new long[rank];
        for (int d = rank - 1; d >= 0; d--)
        {
            strideOf[d] = stride;
            stride *= shape[d];
        }

        var extents = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            sourceStrides[i] = strideOf[order[i]];
            extents[i] = shape[order[i]];
        }

        int inner = rank - 1;
        int innerExtent = extents[inner];
        long innerStride = sourceStrides[inner] * itemSize;
        var index = new int[rank];
        long sourceOffset = 0; // in elements, for the current outer index
        int at = 0;
        for (long done = 0; done < count; done += innerExtent)
        {
            long offset = sourceOffset * itemSize;
            if (itemSize == 1 && innerStride == 1)
            {
                source.Slice((int)offset, innerExtent).CopyTo(destination[at..]);
                at += innerExtent;
            }
            else
            {
                for (int k = 0; k < innerExtent; k++)
                {
                    source.Slice((int)offset, itemSize).CopyTo(destination.Slice(at, itemSize));
                    at += itemSize;
                    offset += innerStride;
                }
            }

            // Advance the outer dimensions of the destination index (odometer).
            for (int d = inner - 1; d >= 0; d--)
            {
                sourceOffset += sourceStrides[d];
                if (++index[d] < extents[d])
                {
                    break;
                }

                sourceOffset -= sourceStrides[d] * extents[d];
                index[d] = 0;
            }
        }
    }

    private void CheckRank(ChunkSpec decoded)
    {
        if (decoded.Rank != _order.Length)
        {
            throw new CodecConfigException(
                "order", $"The transpose order [{string.Join(", ", _order)}] has {_order.Length} dimensions; the chunk [{string.Join(", ", decoded.Shape)}] has {decoded.Rank}.");
        }
    }

    private static void CheckLengths(ChunkSpec decoded, int sourceLength, int destinationLength)
    {
        if (sourceLength != decoded.ByteLength || destinationLength < decoded.ByteLength)
        {
            throw new ArgumentException(
                $"A chunk of {decoded} has {decoded.ByteLength} bytes; the source has {sourceLength} and the destination {destinationLength}.");
        }
    }

    /// <summary>Decodes the permuted selection of the encoded chunk, then transposes it back.</summary>
    private sealed class PartialDecoder(TransposeCodec codec, IArrayPartialDecoder input, ChunkSpec decoded) : IArrayPartialDecoder
    {
        public ChunkSpec Spec => decoded;

        public void Decode(ReadOnlySpan<DimensionSlice> selection, Span<byte> destination)
        {
            int length = Selections.ByteCount(decoded, selection, destination.Length);
            DimensionSlice[] encodedSelection = Map(selection);
            byte[] encoded = GC.AllocateUninitializedArray<byte>(length);
            input.Decode(encodedSelection, encoded);
            Back(selection, encoded, destination);
        }

        public async ValueTask DecodeAsync(ReadOnlyMemory<DimensionSlice> selection, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            int length = Selections.ByteCount(decoded, selection.Span, destination.Length);
            DimensionSlice[] encodedSelection = Map(selection.Span);
            byte[] encoded = GC.AllocateUninitializedArray<byte>(length);
            await input.DecodeAsync(encodedSelection, encoded, cancellationToken).ConfigureAwait(false);
            Back(selection.Span, encoded, destination.Span);
        }

        private DimensionSlice[] Map(ReadOnlySpan<DimensionSlice> selection)
        {
            var mapped = new DimensionSlice[selection.Length];
            for (int i = 0; i < mapped.Length; i++)
            {
                mapped[i] = selection[codec._order[i]];
            }

            return mapped;
        }

        private void Back(ReadOnlySpan<DimensionSlice> selection, byte[] encoded, Span<byte> destination)
        {
            int[] selectedShape = Selections.Shape(selection);
            Transpose(Permute(selectedShape, codec._order), codec._inverse, decoded.DataType.ItemSize, encoded, destination);
        }
    }
}
