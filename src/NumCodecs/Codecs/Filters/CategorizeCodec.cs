using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>numcodecs' categorize filter: fixed-length text items stored as the 1-based index of their label (0 for none).</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>categorize</c>. Name (Zarr v3): <c>numcodecs.categorize</c>.</para>
/// <para>Config: <c>{"id": "categorize", "labels": ["female", "male"], "dtype": "&lt;U6", "astype": "|u1"}</c>.</para>
/// <para>
/// Items are numpy <c>U</c> strings (UCS-4, padded with NUL characters, in the dtype's byte order); an item equal to
/// no label encodes as 0 and decodes as the empty string. Labels longer than the dtype are cut to it on decode, as
/// numpy does on assignment. numcodecs' object dtype (<c>|O</c>) needs the object-array API and is refused here.
/// </para>
/// </remarks>
public sealed class CategorizeCodec : Codec
{
    /// <summary>The codec id, <c>categorize</c>.</summary>
    public const string Id = "categorize";

    private readonly string[] _labels;

    /// <summary>Creates a categorize filter.</summary>
    /// <param name="labels">The labels; label <c>i</c> encodes as <c>i + 1</c>.</param>
    /// <param name="dtype">The text dtype of the items (<c>&lt;U8</c>, ...).</param>
    /// <param name="astype">The unsigned integer dtype of the codes; null for <c>|u1</c>.</param>
    /// <exception cref="CodecConfigException">A dtype is unsuitable or there are more labels than codes.</exception>
    public CategorizeCodec(IEnumerable<string> labels, DType dtype, DType? astype = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(dtype);
        _labels = labels.ToArray();
        astype ??= DType.Parse("|u1");
        if (dtype.Kind != DTypeKind.Unicode)
        {
            throw new CodecConfigException("dtype", dtype.Kind == DTypeKind.PythonObject
                ? "categorize of object arrays (|O) needs the object-array API, which this codec does not have; use a U dtype."
                : $"categorize works on text (U) dtypes, not {dtype}.");
        }

        if (astype.Kind is not (DTypeKind.UnsignedInteger or DTypeKind.SignedInteger))
        {
            throw new CodecConfigException("astype", $"categorize stores integer codes; \"astype\" {astype} is not an integer dtype.");
        }

        ulong maxCode = astype.ItemSize == 8 ? ulong.MaxValue : (1UL << ((astype.ItemSize * 8) - (astype.Kind == DTypeKind.SignedInteger ? 1 : 0))) - 1;
        if ((ulong)_labels.Length > maxCode)
        {
            throw new CodecConfigException("labels", $"{_labels.Length} labels do not fit in {astype} codes.");
        }

        DataType = dtype;
        StorageType = astype;
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>The labels (<c>labels</c>).</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The items' text dtype (<c>dtype</c>).</summary>
    public DType DataType { get; }

    /// <summary>The codes' dtype (<c>astype</c>).</summary>
    public DType StorageType { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>categorize</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static CategorizeCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "labels", "dtype", "astype");
        if (config["labels"] is not JsonArray array)
        {
            throw new CodecConfigException("labels", "A 'categorize' config needs \"labels\", a list of strings.");
        }

        string[] labels = array.Select(item => item is JsonValue value && value.TryGetValue(out string? text)
            ? text
            : throw new CodecConfigException("labels", $"\"labels\" holds strings only, not {item?.ToJsonString() ?? "null"}.")).ToArray();
        if (!reader.Has("dtype"))
        {
            throw new CodecConfigException("dtype", "A 'categorize' config needs a \"dtype\".");
        }

        return new CategorizeCodec(labels, DeltaCodec.ParseDType(reader, "dtype"), reader.Has("astype") ? DeltaCodec.ParseDType(reader, "astype") : null);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new()
    {
        ["id"] = Id,
        ["labels"] = new JsonArray(_labels.Select(label => (JsonNode)label).ToArray()),
        ["dtype"] = DataType.ToString(),
        ["astype"] = StorageType.ToString(),
    };

    /// <inheritdoc/>
    public override string ToString()
    {
        string labels = "[" + string.Join(", ", _labels.Take(3).Select(label => $"'{label}'")) + (_labels.Length > 3 ? ", ...]" : "]");
        return $"Categorize(dtype='{DataType}', astype='{StorageType}', labels={labels})";
    }

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength) => ItemCounts.Convert(sourceLength, DataType, StorageType);

    /// <inheritdoc/>
    /// <exception cref="CorruptDataException">The source is not a whole number of codes.</exception>
    public override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        length = checked(ItemCounts.Count(source, StorageType, Id, decoding: true) * DataType.ItemSize);
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        int count = ItemCounts.Count(source, DataType, Id, decoding: false);
        bytesWritten = 0;
        if (destination.Length < count * StorageType.ItemSize)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            string text = ReadText(source.Slice(i * DataType.ItemSize, DataType.ItemSize));
            NumericElements.WriteInteger(destination, StorageType, i, LastMatch(text));
        }

        bytesWritten = count * StorageType.ItemSize;
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        int count = ItemCounts.Count(source, StorageType, Id, decoding: true);
        bytesWritten = 0;
        if (destination.Length < count * DataType.ItemSize)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            long code = NumericElements.ReadInteger(source, StorageType, i);
            string text = code >= 1 && code <= _labels.Length ? _labels[code - 1] : string.Empty;
            WriteText(destination.Slice(i * DataType.ItemSize, DataType.ItemSize), text);
        }

        bytesWritten = count * DataType.ItemSize;
        return true;
    }

    /// <summary>numcodecs assigns codes label by label, so with duplicate labels the last equal one wins.</summary>
    private int LastMatch(string text)
    {
        for (int i = _labels.Length - 1; i >= 0; i--)
        {
            if (_labels[i] == text)
            {
                return i + 1;
            }
        }

        return 0;
    }

    /// <summary>A numpy U item: UCS-4 code points in the dtype's byte order, trailing NULs not part of the text.</summary>
    private string ReadText(ReadOnlySpan<byte> item)
    {
        var text = new StringBuilder();
        for (int offset = 0; offset < item.Length; offset += 4)
        {
            uint codePoint = DataType.ByteOrder == DTypeByteOrder.BigEndian
                ? BinaryPrimitives.ReadUInt32BigEndian(item[offset..])
                : BinaryPrimitives.ReadUInt32LittleEndian(item[offset..]);
            text.Append(Rune.IsValid(codePoint) ? new Rune(codePoint).ToString() : "\uFFFD");
        }

        return text.ToString().TrimEnd('\0');
    }

    private void WriteText(Span<byte> item, string text)
    {
        item.Clear();
        int offset = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (offset == item.Length)
            {
                break; // numpy cuts a longer label to the dtype's length
            }

            if (DataType.ByteOrder == DTypeByteOrder.BigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(item[offset..], (uint)rune.Value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(item[offset..], (uint)rune.Value);
            }

            offset += 4;
        }
    }

}
