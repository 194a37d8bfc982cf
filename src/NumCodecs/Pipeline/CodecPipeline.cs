using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.IO;

namespace NumCodecs.Pipeline;

/// <summary>
/// A Zarr codec chain bound to the chunks it encodes: array to array codecs, exactly one array to bytes codec, then
/// bytes to bytes codecs, as the v3 spec orders them. Built from a v3 <c>codecs</c> array or a v2 <c>.zarray</c>, it
/// encodes and decodes whole chunks and makes partial decoders that read only what a selection needs.
/// </summary>
/// <remarks>
/// Decoded chunks are the elements in C order, in this machine's byte order, whatever the stored byte order
/// (<c>bytes</c>' endian, a v2 dtype's <c>&gt;</c>) or memory order (<c>transpose</c>, v2's <c>"order": "F"</c>).
/// A pipeline is immutable and thread-safe.
/// </remarks>
public sealed class CodecPipeline
{
    private readonly IArrayToArrayCodec[] _arrayToArray;
    private readonly ChunkSpec[] _arraySpecs; // _arraySpecs[i] is what _arrayToArray[i] receives; the last is the array to bytes codec's
    private readonly IArrayToBytesCodec _arrayToBytes;
    private readonly IBytesToBytesCodec[] _bytesToBytes;
    private readonly ChunkSpec[] _bytesSpecs; // what each bytes to bytes codec is told (v2 filters may change the item type)
    private readonly IBytesToBytesCodec[] _decoders; // the same codecs, bounded by what a chunk can decode to
    private readonly long[] _decodedBounds; // most bytes each bytes to bytes codec may decode to; long.MaxValue for no bound
    private readonly Codec? _inPlaceDecoder; // the innermost compressor, when its output is the chunk's elements themselves
    private readonly ICodec[] _codecs;

    private CodecPipeline(ICodec[] codecs, ChunkSpec spec, Func<int, ChunkSpec, ChunkSpec>? bytesSpecs = null)
    {
        _codecs = codecs;
        Spec = spec;
        var arrayToArray = new List<IArrayToArrayCodec>();
        var bytesToBytes = new List<IBytesToBytesCodec>();
        IArrayToBytesCodec? arrayToBytes = null;
        for (int i = 0; i < codecs.Length; i++)
        {
            ICodec codec = codecs[i] ?? throw new ArgumentException($"Codec {i} of the chain is null.", nameof(codecs));
            switch (codec)
            {
                case IArrayToArrayCodec a when codec.Kind == CodecKind.ArrayToArray:
                    if (arrayToBytes is not null)
                    {
                        throw OutOfOrder(i, codec, $"an array to array codec, after the array to bytes codec '{arrayToBytes.Name}'");
                    }

                    arrayToArray.Add(a);
                    break;
                case IArrayToBytesCodec b when codec.Kind == CodecKind.ArrayToBytes:
                    if (arrayToBytes is not null)
                    {
                        throw OutOfOrder(i, codec, $"a second array to bytes codec (the first is '{arrayToBytes.Name}')");
                    }

                    arrayToBytes = b;
                    break;
                case IBytesToBytesCodec c when codec.Kind == CodecKind.BytesToBytes:
                    if (arrayToBytes is null)
                    {
                        throw OutOfOrder(i, codec, "a bytes to bytes codec, before any array to bytes codec");
                    }

                    bytesToBytes.Add(c);
                    break;
                default:
                    throw new CodecConfigException(
                        "codecs", $"Codec {i} ('{codec.Name}') says it is {codec.Kind} but does not implement that kind's interface.");
            }
        }

        _arrayToBytes = arrayToBytes ?? throw new CodecConfigException(
            "codecs", $"The codec chain [{string.Join(", ", codecs.Select(c => c.Name))}] has no array to bytes codec (such as 'bytes'); it needs exactly one.");
        _arrayToArray = [.. arrayToArray];
        _bytesToBytes = [.. bytesToBytes];

        // The representation each codec receives, as the spec passes it along the chain.
        _arraySpecs = new ChunkSpec[_arrayToArray.Length + 1];
        _arraySpecs[0] = spec;
        for (int i = 0; i < _arrayToArray.Length; i++)
        {
            _arraySpecs[i + 1] = _arrayToArray[i].GetEncodedSpec(_arraySpecs[i]);
        }

        _arrayToBytes.Validate(BytesSpec);
        _bytesSpecs = new ChunkSpec[_bytesToBytes.Length];
        ChunkSpec bytesSpec = BytesSpec;
        for (int i = 0; i < _bytesSpecs.Length; i++)
        {
            _bytesSpecs[i] = bytesSpec;
            bytesSpec = bytesSpecs?.Invoke(i, bytesSpec) ?? bytesSpec;
        }

        // Where the array to bytes codec has a fixed size, no compressor may decode to more than the codec after it
        // can take: the chunk's bytes for the innermost, that codec's largest encoding of them for the next, and so on.
        // A bomb is refused as soon as it passes its bound, not at 2 GiB.
        _decoders = [.. _bytesToBytes];
        _decodedBounds = new long[_bytesToBytes.Length];
        long bound = _arrayToBytes is BytesCodec ? BytesSpec.ByteLength : long.MaxValue;
        for (int i = 0; i < _bytesToBytes.Length; i++)
        {
            _decodedBounds[i] = bound;
            Codec? codec = AsCodec(_bytesToBytes[i]);
            if (codec is null || bound > Array.MaxLength)
            {
                bound = long.MaxValue;
                continue;
            }

            Codec bounded = codec.WithMaxDecodedLength((int)bound);
            _decoders[i] = _bytesToBytes[i] is NamedBytesCodec name ? name.WithCodec(bounded) : bounded;
            try
            {
                bound = codec.GetMaxEncodedLength((int)bound);
            }
            catch (ArgumentException)
            {
                bound = long.MaxValue; // more than the codec encodes at once: nothing to bound the next one by
            }
        }

        // Compressors straight over the bytes codec: the chunk's bytes are its elements, so the innermost compressor
        // decodes into the destination itself, with no copy after it.
        _inPlaceDecoder = _arrayToArray.Length == 0 && _arrayToBytes is BytesCodec && _decoders.Length > 0 ? AsCodec(_decoders[0]) : null;
    }

    /// <summary>The representation of the chunks this pipeline encodes (the array's chunk shape, data type, fill value).</summary>
    public ChunkSpec Spec { get; }

    /// <summary>The codecs, in encoding order.</summary>
    public IReadOnlyList<ICodec> Codecs => _codecs.AsReadOnly();

    /// <summary>The array to bytes codec.</summary>
    public IArrayToBytesCodec ArrayToBytesCodec => _arrayToBytes;

    /// <summary>Whether every codec decodes selections partially, so that a small selection reads a small part of a chunk.</summary>
    public bool SupportsPartialDecoding => _codecs.All(codec => codec.SupportsPartialDecoding);

    /// <summary>What the array to bytes codec receives.</summary>
    internal ChunkSpec BytesSpec => _arraySpecs[^1];

    /// <summary>Builds a pipeline from codecs, checking their kinds and that each accepts what the one before hands it.</summary>
    /// <param name="codecs">The codecs in encoding order: array to array, one array to bytes, bytes to bytes.</param>
    /// <param name="spec">The chunks' representation.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="CodecConfigException">The kinds are out of order, there is not exactly one array to bytes codec, or a codec cannot take the chunks.</exception>
    public static CodecPipeline Create(IEnumerable<ICodec> codecs, ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        ArgumentNullException.ThrowIfNull(spec);
        return new CodecPipeline([.. codecs], spec);
    }

    /// <summary>Builds a pipeline from a Zarr v3 <c>codecs</c> array given as JSON text.</summary>
    /// <param name="codecsJson">A JSON array of codec entries (<c>{"name": ..., "configuration": ...}</c> or a bare name).</param>
    /// <param name="spec">The chunks' representation.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="CodecConfigException">The text is not a JSON array, an entry is invalid, or the chain is.</exception>
    /// <exception cref="UnknownCodecException">A name is not registered.</exception>
    public static CodecPipeline FromV3(string codecsJson, ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(codecsJson);
        return FromV3(ParseJson(codecsJson) as JsonArray ?? throw new CodecConfigException("codecs", "A v3 codecs list is a JSON array."), spec);
    }

    /// <summary>Builds a pipeline from a Zarr v3 <c>codecs</c> array.</summary>
    /// <param name="codecs">The codec entries.</param>
    /// <param name="spec">The chunks' representation.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="CodecConfigException">An entry is invalid, or the chain is.</exception>
    /// <exception cref="UnknownCodecException">A name is not registered.</exception>
    public static CodecPipeline FromV3(JsonArray codecs, ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        ArgumentNullException.ThrowIfNull(spec);
        var built = new ICodec[codecs.Count];
        for (int i = 0; i < built.Length; i++)
        {
            built[i] = codecs[i] switch
            {
                JsonObject entry => CodecRegistry.GetV3Codec(entry),
                JsonValue name when name.TryGetValue(out string? text) => CodecRegistry.GetV3Codec(new JsonObject { ["name"] = text }),
                JsonNode other => throw new CodecConfigException("codecs", $"Codec {i} of the v3 codecs list is {other.ToJsonString()}, not an object."),
                null => throw new CodecConfigException("codecs", $"Codec {i} of the v3 codecs list is null."),
            };
        }

        return new CodecPipeline(built, spec);
    }

    /// <summary>
    /// Builds the pipeline of a Zarr v3 array from its <c>zarr.json</c>: <c>data_type</c>, the regular chunk grid's
    /// <c>chunk_shape</c>, <c>fill_value</c> and <c>codecs</c>.
    /// </summary>
    /// <param name="zarrJson">The array's metadata.</param>
    /// <returns>The pipeline for its chunks.</returns>
    /// <exception cref="CodecConfigException">The metadata is not that of a v3 array with a regular grid, or its codecs are invalid.</exception>
    public static CodecPipeline FromZarrJson(JsonObject zarrJson)
    {
        ArgumentNullException.ThrowIfNull(zarrJson);
        if (!CodecConfigReader.TryGetInt32(zarrJson["zarr_format"], out int version) || version != 3)
        {
            throw new CodecConfigException("zarr_format", "A zarr.json for a v3 array has \"zarr_format\": 3.");
        }

        string typeName = zarrJson["data_type"] is JsonValue dataType && dataType.TryGetValue(out string? text)
            ? text
            : throw new CodecConfigException("data_type", "The array's \"data_type\" must be a string.");
        DType type;
        try
        {
            // zarr-python 3's variable-length types hold items (vlen-utf8, vlen-bytes), the library's object dtype.
            type = typeName is "string" or "bytes" or "variable_length_bytes" ? DType.Parse("|O") : DType.ParseZarrV3(typeName);
        }
        catch (FormatException e)
        {
            throw new CodecConfigException("data_type", e.Message, e);
        }

        if (zarrJson["chunk_grid"] is not JsonObject grid ||
            grid["name"] is not JsonValue gridName || !gridName.TryGetValue(out string? gridText) || gridText != "regular" ||
            grid["configuration"]?["chunk_shape"] is not JsonArray chunkShape)
        {
            throw new CodecConfigException("chunk_grid", "The array's \"chunk_grid\" must be {\"name\": \"regular\", \"configuration\": {\"chunk_shape\": [...]}}.");
        }

        int[] shape = ReadShape(chunkShape, "chunk_shape");
        byte[] fill = ReadFill(zarrJson["fill_value"], type);
        JsonArray codecs = zarrJson["codecs"] as JsonArray ?? throw new CodecConfigException("codecs", "The array's \"codecs\" must be a list.");
        return FromV3(codecs, NewSpec(shape, type, fill, "chunk_grid"));
    }

    /// <summary>
    /// Builds the pipeline of a Zarr v2 array from its <c>.zarray</c>: <c>chunks</c>, <c>dtype</c>, <c>order</c>,
    /// <c>fill_value</c>, <c>filters</c> and <c>compressor</c>. The chain is a transpose for <c>"order": "F"</c>, a
    /// <c>bytes</c> codec in the dtype's byte order, the filters, then the compressor.
    /// </summary>
    /// <param name="zarray">The array's metadata.</param>
    /// <returns>The pipeline for its chunks.</returns>
    /// <exception cref="CodecConfigException">The metadata is invalid, or names an object dtype (use <see cref="ObjectCodec"/>).</exception>
    /// <exception cref="UnknownCodecException">A filter or compressor id is not registered.</exception>
    public static CodecPipeline FromZarray(JsonObject zarray)
    {
        ArgumentNullException.ThrowIfNull(zarray);
        if (!CodecConfigReader.TryGetInt32(zarray["zarr_format"], out int version) || version != 2)
        {
            throw new CodecConfigException("zarr_format", "A .zarray has \"zarr_format\": 2.");
        }

        string typestr = zarray["dtype"] is JsonValue dtypeValue && dtypeValue.TryGetValue(out string? text)
            ? text
            : throw new CodecConfigException("dtype", "The .zarray's \"dtype\" must be a type string (structured dtypes are not supported).");
        DType dtype = DType.TryParse(typestr, out DType? parsed)
            ? parsed
            : throw new CodecConfigException("dtype", $"'{typestr}' is not a numpy type string.");
        int[] shape = ReadShape(zarray["chunks"] as JsonArray ?? throw new CodecConfigException("chunks", "The .zarray's \"chunks\" must be a list."), "chunks");
        string order = zarray["order"] is JsonValue orderValue && orderValue.TryGetValue(out string? orderText) ? orderText : "C";
        var codecs = new List<ICodec>();
        if (dtype.Kind == DTypeKind.PythonObject)
        {
            return FromZarrayObjects(zarray, shape, order);
        }

        switch (order)
        {
            case "C":
                break;
            case "F" when shape.Length > 1:
                codecs.Add(TransposeCodec.FortranOrder(shape.Length));
                break;
            case "F":
                break; // one dimension: the same bytes
            default:
                throw new CodecConfigException("order", $"The .zarray's \"order\" is \"C\" or \"F\", not \"{order}\".");
        }

        codecs.Add(new BytesCodec(dtype.ByteOrder == DTypeByteOrder.NotApplicable ? null : dtype.ByteOrder));
        switch (zarray["filters"])
        {
            case null:
                break;
            case JsonArray filters:
                foreach (JsonNode? filter in filters)
                {
                    codecs.Add(CodecRegistry.GetCodec(filter as JsonObject ?? throw new CodecConfigException("filters", "Each filter is a codec config object.")));
                }

                break;
            default:
                throw new CodecConfigException("filters", "The .zarray's \"filters\" must be a list or null.");
        }

        switch (zarray["compressor"])
        {
            case null:
                break;
            case JsonObject compressor:
                codecs.Add(CodecRegistry.GetCodec(compressor));
                break;
            default:
                throw new CodecConfigException("compressor", "The .zarray's \"compressor\" must be a codec config or null.");
        }

        // zarr-python 2 hands each codec the array the one before produced: after a filter that changes the item type
        // (astype, fixedscaleoffset, quantize and delta with an astype), the next codecs see that type (Blosc's typesize).
        int first = codecs.FindIndex(codec => codec is BytesCodec) + 1;
        return new CodecPipeline([.. codecs], NewSpec(shape, dtype, ReadFill(zarray["fill_value"], dtype), "chunks"), (i, previous) =>
            codecs[first + i] is Codec filter && StoredType(filter) is DType stored && stored.ItemSize > 0 && previous.ByteLength % stored.ItemSize == 0
                ? new ChunkSpec([previous.ByteLength / stored.ItemSize], stored)
                : previous);
    }

    /// <summary>An object array's chain: its first filter (an object codec) turns items into bytes, the rest follow.</summary>
    private static CodecPipeline FromZarrayObjects(JsonObject zarray, int[] shape, string order)
    {
        if (order == "F" && shape.Length > 1)
        {
            throw new CodecConfigException("order", "Object arrays in Fortran order are not supported: write them in C order.");
        }

        JsonArray filters = zarray["filters"] as JsonArray ?? [];
        if (filters.Count == 0 || filters[0] is not JsonObject first || !CodecRegistry.IsObjectCodec(first))
        {
            throw new CodecConfigException("filters", "An object array (dtype |O) needs an object codec (vlen-utf8, vlen-bytes, json2, ...) as its first filter.");
        }

        var codecs = new List<ICodec> { new ObjectCodecItems(CodecRegistry.GetObjectCodec(first)) };
        foreach (JsonNode? filter in filters.Skip(1))
        {
            codecs.Add(CodecRegistry.GetCodec(filter as JsonObject ?? throw new CodecConfigException("filters", "Each filter is a codec config object.")));
        }

        if (zarray["compressor"] is JsonObject compressor)
        {
            codecs.Add(CodecRegistry.GetCodec(compressor));
        }

        return new CodecPipeline([.. codecs], NewSpec(shape, DType.Parse("|O"), [], "chunks"));
    }

    /// <summary>The chain as a Zarr v3 <c>codecs</c> array; building a pipeline from it gives an equal chain.</summary>
    /// <returns>A new array.</returns>
    public JsonArray GetV3Config() => new(_codecs.Select(codec => (JsonNode)codec.GetV3Config()).ToArray());

    /// <summary>Encodes one chunk into <paramref name="destination"/>.</summary>
    /// <param name="source">The chunk's elements: <see cref="ChunkSpec.ByteLength"/> bytes, C order, this machine's byte order.</param>
    /// <param name="destination">Receives the encoded chunk.</param>
    /// <exception cref="ArgumentException">The source is not one chunk long.</exception>
    public void Encode(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Length != Spec.ByteLength)
        {
            throw new ArgumentException($"A chunk of {Spec} has {Spec.ByteLength} bytes, not {source.Length}.", nameof(source));
        }

        byte[]? array = null;
        ReadOnlySpan<byte> current = source;
        try
        {
            for (int i = 0; i < _arrayToArray.Length; i++)
            {
                byte[] next = ArrayPool<byte>.Shared.Rent(_arraySpecs[i + 1].ByteLength);
                _arrayToArray[i].Encode(_arraySpecs[i], current, next.AsSpan(0, _arraySpecs[i + 1].ByteLength));
                Return(ref array);
                array = next;
                current = next.AsSpan(0, _arraySpecs[i + 1].ByteLength);
            }

            if (_bytesToBytes.Length == 0)
            {
                _arrayToBytes.Encode(BytesSpec, current, destination);
                return;
            }

            var writer = new PooledBufferWriter();
            try
            {
                _arrayToBytes.Encode(BytesSpec, current, writer);
                Return(ref array);
                for (int i = 0; i < _bytesToBytes.Length; i++)
                {
                    if (i == _bytesToBytes.Length - 1)
                    {
                        _bytesToBytes[i].Encode(_bytesSpecs[i], writer.WrittenSpan, destination);
                        break;
                    }

                    var next = new PooledBufferWriter();
                    _bytesToBytes[i].Encode(_bytesSpecs[i], writer.WrittenSpan, next);
                    writer.Dispose();
                    writer = next;
                }
            }
            finally
            {
                writer.Dispose();
            }
        }
        finally
        {
            Return(ref array);
        }
    }

    /// <summary>Encodes one chunk into a new array.</summary>
    /// <param name="source">The chunk's elements (see <see cref="Encode(ReadOnlySpan{byte}, IBufferWriter{byte})"/>).</param>
    /// <returns>The encoded chunk.</returns>
    /// <exception cref="ArgumentException">The source is not one chunk long.</exception>
    public byte[] Encode(ReadOnlySpan<byte> source)
    {
        using var writer = new PooledBufferWriter();
        Encode(source, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes one chunk of typed elements.</summary>
    /// <typeparam name="T">An element type of the data type's size (<c>int</c> for <c>int32</c>, ...).</typeparam>
    /// <param name="source">The chunk's elements in C order.</param>
    /// <returns>The encoded chunk.</returns>
    /// <exception cref="ArgumentException">The element size differs from the data type's, or the source is not one chunk long.</exception>
    public byte[] Encode<T>(ReadOnlySpan<T> source)
        where T : unmanaged
    {
        CheckElementType<T>();
        return Encode(MemoryMarshal.AsBytes(source));
    }

    /// <summary>Encodes one chunk of typed elements into <paramref name="destination"/>.</summary>
    /// <typeparam name="T">An element type of the data type's size.</typeparam>
    /// <param name="source">The chunk's elements in C order.</param>
    /// <param name="destination">Receives the encoded chunk.</param>
    /// <exception cref="ArgumentException">The element size differs from the data type's, or the source is not one chunk long.</exception>
    public void Encode<T>(ReadOnlySpan<T> source, IBufferWriter<byte> destination)
        where T : unmanaged
    {
        CheckElementType<T>();
        Encode(MemoryMarshal.AsBytes(source), destination);
    }

    /// <summary>Decodes one chunk into <paramref name="destination"/>.</summary>
    /// <param name="source">The encoded chunk.</param>
    /// <param name="destination">Receives <see cref="ChunkSpec.ByteLength"/> bytes: the elements in C order, this machine's byte order.</param>
    /// <exception cref="ArgumentException">The destination is shorter than a chunk.</exception>
    /// <exception cref="CorruptDataException">The encoded chunk is invalid.</exception>
    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < Spec.ByteLength)
        {
            throw new ArgumentException($"The destination ({destination.Length} bytes) is shorter than a chunk of {Spec} ({Spec.ByteLength} bytes).", nameof(destination));
        }

        destination = destination[..Spec.ByteLength];
        PooledBufferWriter? bytes = null;
        try
        {
            ReadOnlySpan<byte> current = source;
            for (int i = _bytesToBytes.Length - 1; i >= 0; i--)
            {
                if (i == 0 && _inPlaceDecoder is not null)
                {
                    DecodeInPlace(_inPlaceDecoder, current, destination);
                    return;
                }

                var next = new PooledBufferWriter();
                try
                {
                    DecodeBytes(i, current, next);
                }
                catch
                {
                    next.Dispose();
                    throw;
                }

                bytes?.Dispose();
                bytes = next;
                current = next.WrittenSpan;
            }

            DecodeArrays(current, destination);
        }
        finally
        {
            bytes?.Dispose();
        }
    }

    /// <summary>Decodes one chunk into a new array.</summary>
    /// <param name="source">The encoded chunk.</param>
    /// <returns>The chunk's elements (see <see cref="Decode(ReadOnlySpan{byte}, Span{byte})"/>).</returns>
    /// <exception cref="CorruptDataException">The encoded chunk is invalid.</exception>
    public byte[] Decode(ReadOnlySpan<byte> source)
    {
        byte[] chunk = GC.AllocateUninitializedArray<byte>(Spec.ByteLength);
        Decode(source, chunk);
        return chunk;
    }

    /// <summary>Decodes one chunk into typed elements.</summary>
    /// <typeparam name="T">An element type of the data type's size.</typeparam>
    /// <param name="source">The encoded chunk.</param>
    /// <param name="destination">Receives the chunk's elements in C order.</param>
    /// <exception cref="ArgumentException">The element size differs from the data type's, or the destination is shorter than a chunk.</exception>
    /// <exception cref="CorruptDataException">The encoded chunk is invalid.</exception>
    public void Decode<T>(ReadOnlySpan<byte> source, Span<T> destination)
        where T : unmanaged
    {
        CheckElementType<T>();
        Decode(source, MemoryMarshal.AsBytes(destination));
    }

    /// <summary>Encodes one chunk of variable-length items (a chain whose array to bytes codec is <c>vlen-utf8</c> or <c>vlen-bytes</c>).</summary>
    /// <param name="items">The chunk's items in C order (strings for vlen-utf8, byte arrays for vlen-bytes).</param>
    /// <returns>The encoded chunk.</returns>
    /// <exception cref="InvalidOperationException">The chain does not encode items.</exception>
    /// <exception cref="ArgumentException">The item count differs from the chunk's.</exception>
    public byte[] EncodeObjects(ObjectArray items)
    {
        IItemsCodec codec = ItemsCodec();
        using var writer = new PooledBufferWriter();
        codec.EncodeObjects(BytesSpec, items, writer);
        byte[] encoded = writer.WrittenSpan.ToArray();
        for (int i = 0; i < _bytesToBytes.Length; i++)
        {
            using var next = new PooledBufferWriter();
            _bytesToBytes[i].Encode(_bytesSpecs[i], encoded, next);
            encoded = next.WrittenSpan.ToArray();
        }

        return encoded;
    }

    /// <summary>Decodes one chunk of variable-length items.</summary>
    /// <param name="source">The encoded chunk.</param>
    /// <returns>The items in C order, with the chunk's shape.</returns>
    /// <exception cref="InvalidOperationException">The chain does not encode items.</exception>
    /// <exception cref="CorruptDataException">The encoded chunk is invalid.</exception>
    public ObjectArray DecodeObjects(ReadOnlySpan<byte> source)
    {
        IItemsCodec codec = ItemsCodec();
        byte[] bytes = source.ToArray();
        for (int i = _bytesToBytes.Length - 1; i >= 0; i--)
        {
            using var next = new PooledBufferWriter();
            DecodeBytes(i, bytes, next);
            bytes = next.WrittenSpan.ToArray();
        }

        return codec.DecodeObjects(BytesSpec, bytes);
    }

    private IItemsCodec ItemsCodec()
    {
        if (_arrayToBytes is not IItemsCodec codec)
        {
            throw new InvalidOperationException($"This chain encodes {Spec.DataType.ZarrV3Name ?? Spec.DataType.ToString()} elements with '{_arrayToBytes.Name}', not items: use Encode and Decode.");
        }

        return _arrayToArray.Length == 0
            ? codec
            : throw new InvalidOperationException($"Array to array codecs ('{_arrayToArray[0].Name}') before {_arrayToBytes.Name} are not supported: they reorder elements, not items.");
    }

    /// <summary>Whether the chain's chunks hold items (a <c>vlen-*</c> or object codec), for <see cref="EncodeObjects"/> and <see cref="DecodeObjects"/>.</summary>
    public bool HoldsItems => _arrayToBytes is IItemsCodec;

    /// <summary>
    /// A decoder of selections of one chunk whose encoded bytes are in <paramref name="source"/>, reading only what each
    /// selection needs where the codecs allow (see <see cref="IArrayToBytesCodec.CreatePartialDecoder"/>).
    /// </summary>
    /// <param name="source">The encoded chunk (a file, a mapping, a store's object read by range).</param>
    /// <param name="options">Read planning and parallelism; null for the defaults.</param>
    /// <returns>The partial decoder.</returns>
    public IArrayPartialDecoder CreatePartialDecoder(IByteRangeSource source, PartialDecodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= PartialDecodeOptions.Default;
        IByteRangeSource bytes = source;
        for (int i = _bytesToBytes.Length - 1; i >= 0; i--)
        {
            bytes = _decoders[i].CreatePartialDecoder(bytes, _bytesSpecs[i], options);
        }

        IArrayPartialDecoder array = _arrayToBytes.CreatePartialDecoder(bytes, BytesSpec, options);
        for (int i = _arrayToArray.Length - 1; i >= 0; i--)
        {
            array = _arrayToArray[i].CreatePartialDecoder(array, _arraySpecs[i]);
        }

        return array;
    }

    /// <inheritdoc/>
    public override string ToString() => $"CodecPipeline({Spec}: {string.Join(" -> ", _codecs.Select(codec => codec.Name))})";

    internal void DecodeArrays(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        if (_arrayToArray.Length == 0)
        {
            _arrayToBytes.Decode(BytesSpec, bytes, destination);
            return;
        }

        byte[] encoded = ArrayPool<byte>.Shared.Rent(BytesSpec.ByteLength);
        try
        {
            _arrayToBytes.Decode(BytesSpec, bytes, encoded.AsSpan(0, BytesSpec.ByteLength));
            for (int i = _arrayToArray.Length - 1; i >= 0; i--)
            {
                ChunkSpec decoded = _arraySpecs[i];
                if (i == 0)
                {
                    _arrayToArray[i].Decode(decoded, encoded.AsSpan(0, _arraySpecs[i + 1].ByteLength), destination);
                    break;
                }

                byte[] next = ArrayPool<byte>.Shared.Rent(decoded.ByteLength);
                _arrayToArray[i].Decode(decoded, encoded.AsSpan(0, _arraySpecs[i + 1].ByteLength), next.AsSpan(0, decoded.ByteLength));
                ArrayPool<byte>.Shared.Return(encoded);
                encoded = next;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(encoded);
        }
    }

    private void DecodeBytes(int i, ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        try
        {
            _decoders[i].Decode(_bytesSpecs[i], source, destination);
        }
        catch (DecodedLengthLimitException e)
        {
            throw TooLong(i, e);
        }
    }

    /// <summary>Decodes the first bytes to bytes codec's data straight into the chunk (the bytes codec's input is the chunk itself).</summary>
    private void DecodeInPlace(Codec codec, ReadOnlySpan<byte> source, Span<byte> chunk)
    {
        int written;
        try
        {
            if (!codec.TryDecode(source, chunk, out written))
            {
                throw TooLong(0, null);
            }
        }
        catch (DecodedLengthLimitException e)
        {
            throw TooLong(0, e);
        }

        ((BytesCodec)_arrayToBytes).DecodeInPlace(BytesSpec, chunk, written);
    }

    private static Codec? AsCodec(IBytesToBytesCodec codec) => codec switch
    {
        Codec plain => plain,
        NamedBytesCodec named => named.Codec,
        _ => null,
    };

    private CorruptDataException TooLong(int i, Exception? inner)
    {
        string message = $"The '{_decoders[i].Name}' data decodes to more than the {_decodedBounds[i]} bytes a chunk of {Spec} can hold at that step.";
        return inner is null ? new CorruptDataException(message) : new CorruptDataException(message, inner);
    }

    private void CheckElementType<T>()
        where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != Spec.DataType.ItemSize)
        {
            throw new ArgumentException(
                $"{typeof(T).Name} has {Unsafe.SizeOf<T>()} bytes; elements of {Spec.DataType.ZarrV3Name ?? Spec.DataType.ToString()} have {Spec.DataType.ItemSize}.");
        }
    }

    private static void Return(ref byte[]? array)
    {
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
            array = null;
        }
    }

    /// <summary>The item type a numcodecs filter stores, when its config names one (<c>astype</c>, AsType's <c>encode_dtype</c>).</summary>
    private static DType? StoredType(Codec filter)
    {
        JsonObject config = filter.GetConfig();
        JsonNode? node = config[filter.CodecId == "astype" ? "encode_dtype" : "astype"];
        return node is JsonValue value && value.TryGetValue(out string? typestr) && DType.TryParse(typestr, out DType? stored) ? stored : null;
    }

    private static CodecConfigException OutOfOrder(int index, ICodec codec, string what) =>
        new("codecs", $"Codec {index} ('{codec.Name}') is {what}; a chain is array to array codecs, one array to bytes codec, then bytes to bytes codecs.");

    private static int[] ReadShape(JsonArray shape, string key)
    {
        var extents = new int[shape.Count];
        for (int d = 0; d < extents.Length; d++)
        {
            extents[d] = CodecConfigReader.TryGetInt32(shape[d], out int extent) && extent > 0
                ? extent
                : throw new CodecConfigException(key, $"Item {d} of \"{key}\" is {shape[d]?.ToJsonString() ?? "null"}, not a positive 32-bit integer.");
        }

        return extents;
    }

    private static ChunkSpec NewSpec(int[] shape, DType type, byte[] fill, string key)
    {
        try
        {
            return new ChunkSpec(shape, type, fill);
        }
        catch (ArgumentException e)
        {
            throw new CodecConfigException(key, e.Message, e);
        }
    }

    private static byte[] ReadFill(JsonNode? fillValue, DType type)
    {
        try
        {
            return FillValues.Parse(fillValue, type);
        }
        catch (FormatException e)
        {
            throw new CodecConfigException("fill_value", e.Message, e);
        }
    }

    private static JsonNode? ParseJson(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CodecConfigException($"The codecs list is not valid JSON: {e.Message}", e);
        }
    }
}
