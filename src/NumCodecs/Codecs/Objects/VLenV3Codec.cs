using System.Buffers;
using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.Pipeline;

namespace NumCodecs;

/// <summary>
/// The Zarr v3 <c>vlen-utf8</c> and <c>vlen-bytes</c> codecs (array to bytes) of zarr-python 3: chunks of variable
/// length strings or byte strings in numcodecs' format (<see cref="VLenUtf8Codec"/>, <see cref="VLenBytesCodec"/>).
/// </summary>
/// <remarks>
/// <para>Names (Zarr v3): <c>vlen-utf8</c> (data type <c>string</c>), <c>vlen-bytes</c> (data type <c>bytes</c>).</para>
/// <para>Config: <c>{"name": "vlen-utf8", "configuration": {}}</c>.</para>
/// <para>Their chunks are items, not fixed-size elements: a pipeline ending in one encodes and decodes with
/// <see cref="CodecPipeline.EncodeObjects"/> and <see cref="CodecPipeline.DecodeObjects"/>.</para>
/// </remarks>
public sealed class VLenV3Codec : IArrayToBytesCodec, IItemsCodec
{
    /// <summary>The v3 name of the UTF-8 string codec.</summary>
    public const string Utf8Name = "vlen-utf8";

    /// <summary>The v3 name of the byte string codec.</summary>
    public const string BytesName = "vlen-bytes";

    private readonly bool _hasConfiguration;

    private VLenV3Codec(string name, ObjectCodec codec, bool hasConfiguration)
    {
        Name = name;
        ObjectCodec = codec;
        _hasConfiguration = hasConfiguration;
    }

    /// <summary>The <c>vlen-utf8</c> codec, written with an empty configuration as zarr-python 3 writes it.</summary>
    public static VLenV3Codec Utf8 { get; } = new(Utf8Name, new VLenUtf8Codec(), hasConfiguration: true);

    /// <summary>The <c>vlen-bytes</c> codec, written with an empty configuration as zarr-python 3 writes it.</summary>
    public static VLenV3Codec Bytes { get; } = new(BytesName, new VLenBytesCodec(), hasConfiguration: true);

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public CodecKind Kind => CodecKind.ArrayToBytes;

    /// <summary>The numcodecs object codec that does the work.</summary>
    public ObjectCodec ObjectCodec { get; }

    /// <summary>Builds <c>vlen-utf8</c> from a v3 configuration (none or empty).</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The configuration has keys.</exception>
    public static VLenV3Codec FromUtf8Config(JsonObject? configuration)
    {
        CodecConfigReader.ForV3(configuration, Utf8Name);
        return configuration is null ? new VLenV3Codec(Utf8Name, Utf8.ObjectCodec, hasConfiguration: false) : Utf8;
    }

    /// <summary>Builds <c>vlen-bytes</c> from a v3 configuration (none or empty).</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The configuration has keys.</exception>
    public static VLenV3Codec FromBytesConfig(JsonObject? configuration)
    {
        CodecConfigReader.ForV3(configuration, BytesName);
        return configuration is null ? new VLenV3Codec(BytesName, Bytes.ObjectCodec, hasConfiguration: false) : Bytes;
    }

    /// <inheritdoc/>
    public JsonObject GetV3Config() => _hasConfiguration
        ? new JsonObject { ["name"] = Name, ["configuration"] = new JsonObject() }
        : new JsonObject { ["name"] = Name };

    /// <inheritdoc/>
    public void Validate(ChunkSpec decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        if (decoded.DataType.Kind != DTypeKind.PythonObject)
        {
            throw new CodecConfigException(
                "data_type", $"{Name} encodes variable-length items (data type {(Name == Utf8Name ? "string" : "bytes")}), not {decoded.DataType.ZarrV3Name ?? decoded.DataType.ToString()}.");
        }
    }

    /// <summary>Not for items: use <see cref="EncodeObjects"/>.</summary>
    /// <param name="decoded">The chunk's representation.</param>
    /// <param name="source">Unused.</param>
    /// <param name="destination">Unused.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    public void Encode(ChunkSpec decoded, ReadOnlySpan<byte> source, IBufferWriter<byte> destination) => throw ItemsOnly();

    /// <summary>Not for items: use <see cref="DecodeObjects"/>.</summary>
    /// <param name="decoded">The chunk's representation.</param>
    /// <param name="source">Unused.</param>
    /// <param name="destination">Unused.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    public void Decode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination) => throw ItemsOnly();

    /// <summary>Encodes one chunk of items.</summary>
    /// <param name="decoded">The chunk's representation.</param>
    /// <param name="items">The chunk's items in C order, <see cref="ChunkSpec.ElementCount"/> of them.</param>
    /// <param name="destination">Receives the encoded bytes.</param>
    /// <exception cref="ArgumentException">The item count differs from the chunk's.</exception>
    public void EncodeObjects(ChunkSpec decoded, ObjectArray items, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count != decoded.ElementCount)
        {
            throw new ArgumentException($"A chunk of shape [{string.Join(", ", decoded.Shape)}] has {decoded.ElementCount} items, not {items.Count}.", nameof(items));
        }

        ObjectCodec.Encode(items, destination);
    }

    /// <summary>Decodes one chunk of items.</summary>
    /// <param name="decoded">The chunk's representation.</param>
    /// <param name="source">The encoded bytes.</param>
    /// <returns>The items in C order.</returns>
    /// <exception cref="CorruptDataException">The bytes are invalid or hold another number of items than the chunk.</exception>
    public ObjectArray DecodeObjects(ChunkSpec decoded, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        ObjectArray items;
        try
        {
            items = ObjectCodec.WithMaxItemCount(decoded.ElementCount).Decode(source);
        }
        catch (DecodedLengthLimitException e)
        {
            throw new CorruptDataException(
                $"The {Name} chunk holds more items than a chunk of shape [{string.Join(", ", decoded.Shape)}] ({decoded.ElementCount}).", e);
        }

        if (items.Count != decoded.ElementCount)
        {
            throw new CorruptDataException($"The {Name} chunk holds {items.Count} items; a chunk of shape [{string.Join(", ", decoded.Shape)}] has {decoded.ElementCount}.");
        }

        return new ObjectArray(items.Items, decoded.Shape);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is VLenV3Codec other && other.Name == Name;

    /// <inheritdoc/>
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => Name == Utf8Name ? "VLenUTF8Codec()" : "VLenBytesCodec()";

    private NotSupportedException ItemsOnly() =>
        new($"{Name} chunks hold variable-length items, not fixed-size elements: use CodecPipeline.EncodeObjects and DecodeObjects.");
}
