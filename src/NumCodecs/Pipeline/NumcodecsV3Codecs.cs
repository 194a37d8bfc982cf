using System.Buffers;
using System.Text.Json.Nodes;
using NumCodecs.IO;

namespace NumCodecs.Pipeline;

/// <summary>
/// A numcodecs codec under a Zarr v3 name other than its own <see cref="Codec.Name"/> (<c>numcodecs.blosc</c> with
/// numcodecs' integer shuffle, zarrita's <c>zlib</c>): the configuration is numcodecs' config less its id, and is
/// written back under the same name.
/// </summary>
internal sealed class NamedBytesCodec : IBytesToBytesCodec
{
    private readonly JsonObject? _entry; // the entry read, written back as it was; null to derive it from the codec

    public NamedBytesCodec(string name, Codec codec, JsonObject? entry = null)
    {
        Name = name;
        Codec = codec;
        _entry = entry;
    }

    public string Name { get; }

    public Codec Codec { get; }

    public CodecKind Kind => CodecKind.BytesToBytes;

    /// <summary>The same name and entry over another codec (a bounded copy).</summary>
    public NamedBytesCodec WithCodec(Codec codec) => new(Name, codec, _entry);

    public bool SupportsPartialDecoding => Codec.SupportsPartialDecoding;

    public JsonObject GetV3Config()
    {
        if (_entry is not null)
        {
            return (JsonObject)_entry.DeepClone();
        }

        JsonObject configuration = Codec.GetConfig();
        configuration.Remove("id");
        return new JsonObject { ["name"] = Name, ["configuration"] = configuration };
    }

    public void Encode(ChunkSpec decoded, ReadOnlySpan<byte> source, IBufferWriter<byte> destination) =>
        ((IBytesToBytesCodec)Codec).Encode(decoded, source, destination);

    public void Decode(ChunkSpec decoded, ReadOnlySpan<byte> source, IBufferWriter<byte> destination) =>
        ((IBytesToBytesCodec)Codec).Decode(decoded, source, destination);

    public IByteRangeSource CreatePartialDecoder(IByteRangeSource input, ChunkSpec decoded, PartialDecodeOptions options) =>
        Codec.CreatePartialDecoder(input, decoded, options);

    public override bool Equals(object? obj) => obj is NamedBytesCodec other && other.Name == Name && other.Codec.Equals(Codec);

    public override int GetHashCode() => HashCode.Combine(Name, Codec);

    public override string ToString() => $"{Name}: {Codec}";
}

/// <summary>
/// A numcodecs filter that zarr-python 3 runs as an array to array codec (<c>numcodecs.delta</c>, <c>astype</c>,
/// <c>bitround</c>, <c>fixedscaleoffset</c>, <c>packbits</c>, <c>quantize</c>): it sees the chunk's elements in this
/// machine's byte order, and its output is an array whose data type (and, for packbits, shape) the config decides.
/// </summary>
internal sealed class NumcodecsArrayToArrayCodec : IArrayToArrayCodec
{
    /// <summary>The numcodecs ids that zarr-python 3's <c>numcodecs.zarr3</c> registers as array to array codecs.</summary>
    public static readonly string[] Ids = ["astype", "bitround", "delta", "fixedscaleoffset", "packbits", "quantize"];

    private readonly JsonObject? _entry; // the entry read, written back as it was; null to derive it from the codec

    // The spec asked about last and its encoding: a pipeline asks with the same spec for every chunk it encodes,
    // and working it out builds the codec's config.
    private Tuple<ChunkSpec, ChunkSpec>? _lastSpecs;

    public NumcodecsArrayToArrayCodec(Codec codec, JsonObject? entry = null)
    {
        Codec = codec;
        _entry = entry;
    }

    public Codec Codec { get; }

    public string Name => Codec.Name;

    public CodecKind Kind => CodecKind.ArrayToArray;

    public JsonObject GetV3Config() => (JsonObject?)_entry?.DeepClone() ?? Codec.GetV3Config();

    public ChunkSpec GetEncodedSpec(ChunkSpec decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        Tuple<ChunkSpec, ChunkSpec>? last = _lastSpecs;
        if (last is not null && ReferenceEquals(last.Item1, decoded))
        {
            return last.Item2;
        }

        ChunkSpec encoded = EncodedSpec(decoded);
        _lastSpecs = Tuple.Create(decoded, encoded);
        return encoded;
    }

    private ChunkSpec EncodedSpec(ChunkSpec decoded)
    {
        JsonObject config = Codec.GetConfig();
        bool isAsType = Codec.CodecId == "astype"; // AsType names its types decode_dtype and encode_dtype
        if (config[isAsType ? "decode_dtype" : "dtype"] is JsonValue dtypeValue && dtypeValue.TryGetValue(out string? typestr) &&
            DType.TryParse(typestr, out DType? dtype) && dtype.ItemSize != decoded.DataType.ItemSize)
        {
            throw new CodecConfigException(
                "dtype", $"{Name}'s data type {typestr} has {dtype.ItemSize}-byte items; the chunk's {decoded.DataType.ZarrV3Name} has {decoded.DataType.ItemSize}.");
        }

        if (Codec.CodecId == "packbits")
        {
            // One byte of padding count, then eight booleans to a byte.
            return new ChunkSpec([1 + ((decoded.ElementCount + 7) / 8)], DType.ParseZarrV3("uint8"));
        }

        if (config[isAsType ? "encode_dtype" : "astype"] is JsonValue astypeValue && astypeValue.TryGetValue(out string? astype) && DType.TryParse(astype, out DType? encodedType))
        {
            return new ChunkSpec(decoded.ShapeSpan, encodedType);
        }

        return decoded;
    }

    public void Encode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ChunkSpec encoded = GetEncodedSpec(decoded);
        if (!Codec.TryEncode(source, decoded.DataType.ItemSize, destination, out int written) || written != encoded.ByteLength)
        {
            throw new NumCodecsException($"{Name} encoded a chunk of {decoded} to another length than the {encoded.ByteLength} bytes of {encoded}.");
        }
    }

    public void Decode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!Codec.TryDecode(source, destination, out int written) || written != decoded.ByteLength)
        {
            throw new CorruptDataException($"{Name} decoded to another length than the {decoded.ByteLength} bytes of a chunk of {decoded}.");
        }
    }

    public override bool Equals(object? obj) => obj is NumcodecsArrayToArrayCodec other && other.Codec.Equals(Codec);

    public override int GetHashCode() => Codec.GetHashCode();

    public override string ToString() => Codec.ToString() ?? Name;
}
