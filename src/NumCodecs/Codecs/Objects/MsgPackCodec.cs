using System.Buffers;
using System.Collections;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>Object arrays as MessagePack, exactly as numcodecs' <c>msgpack2</c> (Python's msgpack 1.0) writes them.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>msgpack2</c>. Name (Zarr v3): <c>numcodecs.msgpack2</c>.</para>
/// <para>
/// Config: <c>{"id": "msgpack2", "use_single_float": false, "use_bin_type": true, "raw": false}</c>. The message is
/// one array: <c>array.tolist()</c>, then the dtype string and the shape; decoding rebuilds the array with that dtype
/// and shape. Written in msgpack-python's choices: the smallest integer format (unsigned ones for non-negative values),
/// float64 (float32 with <c>use_single_float</c>), str8 and bin only with <c>use_bin_type</c> (without it byte arrays
/// are written as strings), maps in insertion order.
/// </para>
/// <para>
/// Items may be null, bool, integers that fit 64 bits, floating-point numbers, strings, byte arrays, lists and maps
/// (see <see cref="ObjectArray"/>). Decoded strings are checked UTF-8 (bytes with <c>raw</c>); map keys must be strings or
/// bytes, as msgpack 1.0's <c>strict_map_key</c> requires; maps with string keys decode to
/// <c>Dictionary&lt;string, object?&gt;</c>, others to a list of key/value pairs. Extension types, which numcodecs
/// never writes, are refused. Nesting is limited to 1,000 levels in both directions.
/// </para>
/// </remarks>
public sealed class MsgPackCodec : ObjectCodec
{
    /// <summary>The codec id, <c>msgpack2</c>.</summary>
    public const string Id = "msgpack2";

    private const int MaxDepth = 1000;

    /// <summary>Creates a msgpack2 codec.</summary>
    /// <param name="useSingleFloat">Write floating-point numbers as float32.</param>
    /// <param name="useBinType">Use the bin format for byte arrays and the str8 format for strings (MessagePack 2.0).</param>
    /// <param name="raw">Decode strings as byte arrays instead of UTF-8 text.</param>
    public MsgPackCodec(bool useSingleFloat = false, bool useBinType = true, bool raw = false)
    {
        UseSingleFloat = useSingleFloat;
        UseBinType = useBinType;
        Raw = raw;
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Python's <c>use_single_float</c>.</summary>
    public bool UseSingleFloat { get; }

    /// <summary>Python's <c>use_bin_type</c>.</summary>
    public bool UseBinType { get; }

    /// <summary>Python's <c>raw</c>.</summary>
    public bool Raw { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>msgpack2</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static MsgPackCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "use_single_float", "use_bin_type", "raw");
        return new MsgPackCodec(reader.GetBoolean("use_single_float", false), reader.GetBoolean("use_bin_type", true), reader.GetBoolean("raw", false));
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new()
    {
        ["id"] = Id,
        ["raw"] = Raw,
        ["use_single_float"] = UseSingleFloat,
        ["use_bin_type"] = UseBinType,
    };

    /// <inheritdoc/>
    public override string ToString() =>
        $"MsgPack(raw={(Raw ? "True" : "False")}, use_bin_type={(UseBinType ? "True" : "False")}, use_single_float={(UseSingleFloat ? "True" : "False")})";

    /// <inheritdoc/>
    protected override void EncodeCore(ObjectArray array, IBufferWriter<byte> destination)
    {
        List<object?> items = ArrayItems.ToList(array);
        items.Add(array.DType.ToString());
        items.Add(ArrayItems.ShapeList(array));
        Write(new MsgPackWriter(destination, oldSpec: !UseBinType), items, 0);
    }

    /// <inheritdoc/>
    protected override ObjectArray DecodeCore(ReadOnlySpan<byte> source)
    {
        // The reader checks every length and count against what remains and throws CorruptDataException itself.
        var reader = new MsgPackReader(source, $"The {Id} data");
        object? message = Read(ref reader, 0);
        if (!reader.End)
        {
            throw new CorruptDataException($"The {Id} data has {reader.Remaining} bytes after its message.");
        }

        return ArrayItems.FromList(message, Id, CheckItemCount);
    }

    private void Write(MsgPackWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"The items nest deeper than {MaxDepth} levels (or refer to themselves).");
        }

        switch (value)
        {
            case null:
                writer.WriteNil();
                break;
            case bool b:
                writer.WriteBoolean(b);
                break;
            case string s:
                writer.WriteString(s);
                break;
            case byte[] bytes:
                writer.WriteBinary(bytes); // bin, or str without use_bin_type (OldSpec)
                break;
            case double or float or Half:
                double d = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                if (UseSingleFloat)
                {
                    writer.WriteFloat32((float)d);
                }
                else
                {
                    writer.WriteFloat64(d);
                }

                break;
            case ulong u:
                writer.WriteUInt64(u);
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                writer.WriteInt64(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case BigInteger big when big >= long.MinValue && big <= ulong.MaxValue:
                if (big > long.MaxValue)
                {
                    writer.WriteUInt64((ulong)big);
                }
                else
                {
                    writer.WriteInt64((long)big);
                }

                break;
            case BigInteger big:
                throw new ArgumentException($"Integer {big} does not fit MessagePack's 64 bits.");
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                WriteMap(writer, pairs.Select(p => KeyValuePair.Create((object)p.Key, p.Value)).ToList(), depth);
                break;
            case IEnumerable<KeyValuePair<object, object?>> pairs:
                WriteMap(writer, [.. pairs], depth);
                break;
            case IDictionary dictionary:
                WriteMap(writer, [.. PythonJson.Entries(dictionary)], depth);
                break;
            case IEnumerable items:
                // Lists and arrays know their count; anything else is counted once before it is written.
                ICollection collection = items as ICollection ?? items.Cast<object?>().ToList();
                writer.WriteArrayHeader(collection.Count);
                foreach (object? item in collection)
                {
                    Write(writer, item, depth + 1);
                }

                break;
            default:
                throw new ArgumentException($"Object of type {value.GetType().Name} cannot be written as MessagePack.");
        }
    }

    private void WriteMap(MsgPackWriter writer, List<KeyValuePair<object, object?>> entries, int depth)
    {
        writer.WriteMapHeader(entries.Count);
        foreach ((object key, object? value) in entries)
        {
            Write(writer, key, depth + 1);
            Write(writer, value, depth + 1);
        }
    }

    private object? Read(ref MsgPackReader reader, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new CorruptDataException($"The {Id} data nests deeper than {MaxDepth} levels.");
        }

        switch (reader.NextType)
        {
            case MsgPackType.Nil:
                reader.ReadNil();
                return null;
            case MsgPackType.Boolean:
                return reader.ReadBoolean();
            case MsgPackType.Integer:
                if (reader.NextCode == MsgPackCode.UInt64)
                {
                    ulong value = reader.ReadUInt64();
                    return value <= long.MaxValue ? (long)value : value;
                }

                return reader.ReadInt64();
            case MsgPackType.Float:
                return reader.NextCode == MsgPackCode.Float32 ? (double)reader.ReadSingle() : reader.ReadDouble();
            case MsgPackType.String:
                ReadOnlySpan<byte> text = reader.ReadStringBytes();
                if (Raw)
                {
                    return text.ToArray();
                }

                try
                {
                    return StrictText.Utf8.GetString(text);
                }
                catch (DecoderFallbackException e)
                {
                    throw new CorruptDataException($"The {Id} data holds a string that is not valid UTF-8 (decode with raw=true for bytes).", e);
                }

            case MsgPackType.Binary:
                return reader.ReadBinary().ToArray();
            case MsgPackType.Array:
                int count = reader.ReadArrayHeader(); // checked by the reader against the bytes that remain
                var items = new List<object?>(Math.Min(count, 1024));
                for (int i = 0; i < count; i++)
                {
                    items.Add(Read(ref reader, depth + 1));
                }

                return items;
            case MsgPackType.Map:
                return ReadMap(ref reader, depth);
            case MsgPackType.Extension:
                throw new CorruptDataException(
                    $"The {Id} data holds a MessagePack extension value ({MsgPackCode.NameOf(reader.NextCode)}) at byte {reader.Consumed}, which numcodecs never writes.");
            default: // MsgPackType.NeverUsed
                throw new CorruptDataException($"The {Id} data holds the byte 0xC1 at byte {reader.Consumed}, which MessagePack never uses.");
        }
    }

    private object ReadMap(ref MsgPackReader reader, int depth)
    {
        int count = reader.ReadMapHeader();
        var pairs = new List<KeyValuePair<object, object?>>(Math.Min(count, 1024));
        bool allStrings = true;
        for (int i = 0; i < count; i++)
        {
            object? key = Read(ref reader, depth + 1);
            if (key is not (string or byte[]))
            {
                throw new CorruptDataException($"The {Id} data has a map key of type {key?.GetType().Name ?? "nil"}; only strings and bytes are allowed (strict_map_key).");
            }

            allStrings &= key is string;
            pairs.Add(KeyValuePair.Create(key, Read(ref reader, depth + 1)));
        }

        if (!allStrings)
        {
            return pairs;
        }

        var map = new Dictionary<string, object?>(pairs.Count, StringComparer.Ordinal);
        foreach ((object key, object? value) in pairs)
        {
            map[(string)key] = value; // a repeated key keeps its first position and takes the later value, as in a Python dict
        }

        return map;
    }
}
