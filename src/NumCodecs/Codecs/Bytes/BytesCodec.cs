using System.Buffers;
using System.Text.Json.Nodes;
using NumCodecs.Blosc;
using NumCodecs.Internal;
using NumCodecs.IO;
using NumCodecs.Pipeline;

namespace NumCodecs;

/// <summary>
/// The Zarr v3 <c>bytes</c> codec (array to bytes): a chunk's elements in C order, each in the configured byte order.
/// </summary>
/// <remarks>
/// <para>Name (Zarr v3): <c>bytes</c>. No Zarr v2 id: in v2 the dtype's byte order plays this part.</para>
/// <para>Config: <c>{"name": "bytes", "configuration": {"endian": "little"}}</c>; <c>endian</c> is <c>little</c> or
/// <c>big</c>, required for multi-byte data types and left out for one-byte ones.</para>
/// <para>Partial decoding: reads only the byte runs a selection covers, coalesced; from a Blosc codec after it, only
/// the blocks that hold them.</para>
/// </remarks>
public sealed class BytesCodec : IArrayToBytesCodec
{
    /// <summary>The v3 name, <c>bytes</c>.</summary>
    public const string V3Name = "bytes";

    /// <summary>Creates a <c>bytes</c> codec.</summary>
    /// <param name="endian">The stored byte order; null only for one-byte data types (left out of the config).</param>
    /// <exception cref="ArgumentException"><paramref name="endian"/> is <see cref="DTypeByteOrder.NotApplicable"/>.</exception>
    public BytesCodec(DTypeByteOrder? endian = DTypeByteOrder.LittleEndian)
    {
        if (endian == DTypeByteOrder.NotApplicable)
        {
            throw new ArgumentException("The bytes codec's endian is little, big, or null (for one-byte types).", nameof(endian));
        }

        Endian = endian;
    }

    private bool _emptyConfiguration; // {"name": "bytes", "configuration": {}} rather than {"name": "bytes"}

    /// <summary>The stored byte order, or null when the config leaves it out.</summary>
    public DTypeByteOrder? Endian { get; }

    /// <inheritdoc/>
    public string Name => V3Name;

    /// <inheritdoc/>
    public CodecKind Kind => CodecKind.ArrayToBytes;

    /// <inheritdoc/>
    public bool SupportsPartialDecoding => true;

    /// <summary>Builds a codec from the <c>configuration</c> of a v3 entry.</summary>
    /// <param name="configuration">The configuration, or null.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The configuration is invalid.</exception>
    public static BytesCodec FromV3Config(JsonObject? configuration)
    {
        var reader = CodecConfigReader.ForV3(configuration, V3Name, "endian");
        if (!reader.Has("endian"))
        {
            // An empty configuration is kept, so that the entry written back is the one read.
            return new BytesCodec(null) { _emptyConfiguration = configuration is not null };
        }

        return reader.GetString("endian", "little") switch
        {
            "little" => new BytesCodec(DTypeByteOrder.LittleEndian),
            "big" => new BytesCodec(DTypeByteOrder.BigEndian),
            string other => throw new CodecConfigException("endian", $"The bytes codec's endian is \"little\" or \"big\", not \"{other}\"."),
        };
    }

    /// <inheritdoc/>
    public JsonObject GetV3Config()
    {
        var entry = new JsonObject { ["name"] = V3Name };
        if (Endian is DTypeByteOrder endian)
        {
            entry["configuration"] = new JsonObject { ["endian"] = endian == DTypeByteOrder.LittleEndian ? "little" : "big" };
        }
        else if (_emptyConfiguration)
        {
            entry["configuration"] = new JsonObject();
        }

        return entry;
    }

    /// <inheritdoc/>
    public void Validate(ChunkSpec decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        if (decoded.DataType.Kind == DTypeKind.PythonObject)
        {
            throw new CodecConfigException(
                "data_type", "The bytes codec encodes fixed-size elements; variable-length items (string, bytes) go through vlen-utf8 or vlen-bytes.");
        }

        if (Endian is null && ByteOrder.SwapUnit(decoded.DataType) > 1)
        {
            throw new CodecConfigException(
                "endian", $"The bytes codec needs an endian for {decoded.DataType.ZarrV3Name ?? decoded.DataType.ToString()}, whose elements have several bytes.");
        }
    }

    /// <inheritdoc/>
    public void Encode(ChunkSpec decoded, ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(destination);
        Validate(decoded);
        CheckLength(decoded, source.Length, "source");
        Span<byte> target = destination.GetSpan(source.Length)[..source.Length];
        source.CopyTo(target);
        SwapIfStoredOtherwise(decoded, target);
        destination.Advance(source.Length);
    }

    /// <inheritdoc/>
    public void Decode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        Validate(decoded);
        if (source.Length != decoded.ByteLength)
        {
            throw new CorruptDataException(
                $"The bytes codec's chunk has {source.Length} bytes; a chunk of {decoded} has {decoded.ByteLength}.");
        }

        CheckLength(decoded, destination.Length, nameof(destination));
        source.CopyTo(destination);
        SwapIfStoredOtherwise(decoded, destination[..source.Length]);
    }

    /// <summary>
    /// Finishes a chunk that the compressor before this codec decoded straight into its place: checks its length and
    /// puts its elements in this machine's byte order where they lie.
    /// </summary>
    internal void DecodeInPlace(ChunkSpec decoded, Span<byte> chunk, int length)
    {
        Validate(decoded);
        if (length != decoded.ByteLength)
        {
            throw new CorruptDataException(
                $"The bytes codec's chunk has {length} bytes; a chunk of {decoded} has {decoded.ByteLength}.");
        }

        SwapIfStoredOtherwise(decoded, chunk[..length]);
    }

    /// <inheritdoc/>
    public IArrayPartialDecoder CreatePartialDecoder(IByteRangeSource input, ChunkSpec decoded, PartialDecodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(options);
        Validate(decoded);
        return new PartialDecoder(this, input, decoded, options);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BytesCodec other && other.Endian == Endian;

    /// <inheritdoc/>
    public override int GetHashCode() => Endian.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => Endian switch
    {
        DTypeByteOrder.LittleEndian => "BytesCodec(endian='little')",
        DTypeByteOrder.BigEndian => "BytesCodec(endian='big')",
        _ => "BytesCodec()",
    };

    private static void CheckLength(ChunkSpec decoded, int length, string name)
    {
        if (length < decoded.ByteLength || (name == "source" && length != decoded.ByteLength))
        {
            throw new ArgumentException($"A chunk of {decoded} has {decoded.ByteLength} bytes, not {length}.", name);
        }
    }

    private void SwapIfStoredOtherwise(ChunkSpec decoded, Span<byte> elements)
    {
        int unit = ByteOrder.SwapUnit(decoded.DataType);
        if (unit > 1 && Endian != decoded.DataType.ByteOrder)
        {
            ByteOrder.Swap(elements, unit);
        }
    }

    /// <summary>Reads the byte runs of a selection; a Blosc source below decodes only the blocks that hold them.</summary>
    private sealed class PartialDecoder : IArrayPartialDecoder
    {
        private readonly BytesCodec _codec;
        private readonly IByteRangeSource _input;
        private readonly PartialDecodeOptions _options;
        private int _lengthChecked;

        public PartialDecoder(BytesCodec codec, IByteRangeSource input, ChunkSpec decoded, PartialDecodeOptions options)
        {
            _codec = codec;
            _input = input;
            Spec = decoded;
            _options = options;
        }

        public ChunkSpec Spec { get; }

        public void Decode(ReadOnlySpan<DimensionSlice> selection, Span<byte> destination)
        {
            int length = Selections.ByteCount(Spec, selection, destination.Length);
            CheckSourceLength();
            ByteRange[] runs = Runs(selection);
            Span<byte> target = destination[..length];
            if (_input is IBatchByteRangeSource batch)
            {
                batch.ReadRanges(runs, target);
            }
            else if (_input is IDirectByteRangeSource direct && TryCopyDirect(direct, runs, target))
            {
                // copied in place
            }
            else
            {
                var reads = new CoalescedReads(runs, _options.MaxCoalesceGap);
                reads.Read(_input, _options.MaxConcurrency);
                Gather(reads, runs, target);
            }

            _codec.SwapIfStoredOtherwise(Spec, target);
        }

        public async ValueTask DecodeAsync(ReadOnlyMemory<DimensionSlice> selection, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            int length = Selections.ByteCount(Spec, selection.Span, destination.Length);
            if (_input is IBatchByteRangeSource known && Volatile.Read(ref _lengthChecked) == 0)
            {
                // The decoded length of a Blosc chunk comes from its header, read here without blocking.
                CheckLength(await known.GetLengthAsync(cancellationToken).ConfigureAwait(false));
            }

            CheckSourceLength();
            ByteRange[] runs = Runs(selection.Span);
            Memory<byte> target = destination[..length];
            if (_input is IBatchByteRangeSource batch)
            {
                await batch.ReadRangesAsync(runs, target, cancellationToken).ConfigureAwait(false);
            }
            else if (_input is IDirectByteRangeSource direct && TryCopyDirect(direct, runs, target.Span))
            {
                // copied in place
            }
            else
            {
                var reads = new CoalescedReads(runs, _options.MaxCoalesceGap);
                await reads.ReadAsync(_input, _options.MaxConcurrency, cancellationToken).ConfigureAwait(false);
                Gather(reads, runs, target.Span);
            }

            _codec.SwapIfStoredOtherwise(Spec, target.Span);
        }

        private static void Gather(CoalescedReads reads, ByteRange[] runs, Span<byte> target)
        {
            int at = 0;
            for (int i = 0; i < runs.Length; i++)
            {
                reads.Get(i).Span.CopyTo(target[at..]);
                at += runs[i].Length;
            }
        }

        private static bool TryCopyDirect(IDirectByteRangeSource direct, ByteRange[] runs, Span<byte> target)
        {
            int at = 0;
            foreach (ByteRange run in runs)
            {
                if (!direct.TryGetSpan(run.Offset, run.Length, out ReadOnlySpan<byte> bytes))
                {
                    return false;
                }

                bytes.CopyTo(target[at..]);
                at += run.Length;
            }

            return true;
        }

        private void CheckSourceLength()
        {
            // Where the source knows its length, a chunk of another length is refused whatever the selection.
            if (Volatile.Read(ref _lengthChecked) == 0 && _input.TryGetLength(out long length))
            {
                CheckLength(length);
            }
        }

        private void CheckLength(long length)
        {
            if (length != Spec.ByteLength)
            {
                throw new CorruptDataException(
                    $"The bytes codec's chunk has {length} bytes; a chunk of {Spec} has {Spec.ByteLength}.");
            }

            Volatile.Write(ref _lengthChecked, 1);
        }

        private ByteRange[] Runs(ReadOnlySpan<DimensionSlice> selection)
        {
            int itemSize = Spec.DataType.ItemSize;
            if (Spec.Rank == 0)
            {
                return [new ByteRange(0, itemSize)];
            }

            ItemRange[] items = ChunkSelection.ToItemRanges(Spec.ShapeSpan, selection);
            var runs = new ByteRange[items.Length];
            for (int i = 0; i < items.Length; i++)
            {
                runs[i] = new ByteRange((long)items[i].Start * itemSize, items[i].Count * itemSize);
            }

            return runs;
        }
    }
}
