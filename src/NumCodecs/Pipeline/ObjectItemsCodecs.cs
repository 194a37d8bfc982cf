using System.Buffers;
using System.Text.Json.Nodes;

namespace NumCodecs.Pipeline;

/// <summary>An array to bytes codec whose chunks hold items (strings, byte strings, objects) rather than elements.</summary>
internal interface IItemsCodec
{
    void EncodeObjects(ChunkSpec decoded, ObjectArray items, IBufferWriter<byte> destination);

    ObjectArray DecodeObjects(ChunkSpec decoded, ReadOnlySpan<byte> source);
}

/// <summary>
/// A numcodecs object codec (the first filter of a Zarr v2 <c>|O</c> array: vlen-utf8, vlen-bytes, vlen-array, json2,
/// msgpack2, categorize) as the array to bytes codec of a pipeline built from a <c>.zarray</c>.
/// </summary>
internal sealed class ObjectCodecItems : IArrayToBytesCodec, IItemsCodec
{
    public ObjectCodecItems(ObjectCodec codec) => ObjectCodec = codec;

    public ObjectCodec ObjectCodec { get; }

    public string Name => "numcodecs." + ObjectCodec.CodecId;

    public CodecKind Kind => CodecKind.ArrayToBytes;

    public JsonObject GetV3Config()
    {
        JsonObject configuration = ObjectCodec.GetConfig();
        configuration.Remove("id");
        return new JsonObject { ["name"] = Name, ["configuration"] = configuration };
    }

    public void Validate(ChunkSpec decoded)
    {
        if (decoded.DataType.Kind != DTypeKind.PythonObject)
        {
            throw new CodecConfigException("dtype", $"The object codec '{ObjectCodec.CodecId}' encodes object arrays (|O), not {decoded.DataType}.");
        }
    }

    public void Encode(ChunkSpec decoded, ReadOnlySpan<byte> source, IBufferWriter<byte> destination) => throw ItemsOnly();

    public void Decode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination) => throw ItemsOnly();

    public void EncodeObjects(ChunkSpec decoded, ObjectArray items, IBufferWriter<byte> destination)
    {
        if (items.Count != decoded.ElementCount)
        {
            throw new ArgumentException($"A chunk of shape [{string.Join(", ", decoded.Shape)}] has {decoded.ElementCount} items, not {items.Count}.", nameof(items));
        }

        ObjectCodec.Encode(new ObjectArray(items.Items, decoded.Shape, DType.Parse("|O")), destination);
    }

    public ObjectArray DecodeObjects(ChunkSpec decoded, ReadOnlySpan<byte> source)
    {
        ObjectArray items;
        try
        {
            items = ObjectCodec.WithMaxItemCount(decoded.ElementCount).Decode(source);
        }
        catch (DecodedLengthLimitException e)
        {
            throw new CorruptDataException($"The {ObjectCodec.CodecId} chunk holds more items than a chunk of shape [{string.Join(", ", decoded.Shape)}] ({decoded.ElementCount}).", e);
        }

        return items.Count == decoded.ElementCount
            ? new ObjectArray(items.Items, decoded.Shape)
            : throw new CorruptDataException($"The {ObjectCodec.CodecId} chunk holds {items.Count} items; a chunk of shape [{string.Join(", ", decoded.Shape)}] has {decoded.ElementCount}.");
    }

    public override bool Equals(object? obj) => obj is ObjectCodecItems other && other.ObjectCodec.Equals(ObjectCodec);

    public override int GetHashCode() => ObjectCodec.GetHashCode();

    private NotSupportedException ItemsOnly() =>
        new($"{ObjectCodec.CodecId} chunks hold objects, not fixed-size elements: use CodecPipeline.EncodeObjects and DecodeObjects.");
}
