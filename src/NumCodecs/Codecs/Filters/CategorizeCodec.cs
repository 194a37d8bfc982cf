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
/// numpy does on assignment. For numcodecs' object dtype (<c>|O</c>) see <see cref="ObjectCategorizeCodec"/>.
/// </para>
/// </remarks>
public sealed class CategorizeCodec : ItemFilterCodec
{
    /// <summary>The codec id, <c>categorize</c>.</summary>
    public const string Id = "categorize";

    private readonly string[] _labels;

    // Each label as an item of the dtype: UCS-4 in its byte order, NUL-padded or cut to its length (numpy's assignment),
    // and whether the whole label fits (a longer label never equals an item).
    private readonly byte[][] _labelItems;
    private readonly bool[] _labelFits;

    /// <summary>Creates a categorize filter.</summary>
    /// <param name="labels">The labels; label <c>i</c> encodes as <c>i + 1</c>.</param>
    /// <param name="dtype">The text dtype of the items (<c>&lt;U8</c>, ...).</param>
    /// <param name="astype">The unsigned integer dtype of the codes; null for <c>|u1</c>.</param>
    /// <exception cref="CodecConfigException">A dtype is unsuitable or there are more labels than codes.</exception>
    public CategorizeCodec(IEnumerable<string> labels, DType dtype, DType? astype = null)
        : base(dtype ?? throw new ArgumentNullException(nameof(dtype)), astype ?? NumericElements.UInt8)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _labels = labels.ToArray();
        astype = StorageType;
        if (dtype.Kind != DTypeKind.Unicode)
        {
            throw new CodecConfigException("dtype", dtype.Kind == DTypeKind.PythonObject
                ? "categorize of object arrays (|O) is an object codec: ObjectCategorizeCodec (CodecRegistry.GetObjectCodec)."
                : $"categorize works on text (U) dtypes, not {dtype}.");
        }

        CheckCodes(_labels.Length, astype);

        _labelItems = new byte[_labels.Length][];
        _labelFits = new bool[_labels.Length];
        for (int i = 0; i < _labels.Length; i++)
        {
            _labelItems[i] = new byte[dtype.ItemSize];
            _labelFits[i] = WriteText(_labelItems[i], _labels[i], dtype.ByteOrder == DTypeByteOrder.BigEndian);
        }
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>The labels (<c>labels</c>).</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>categorize</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static CategorizeCodec FromConfig(JsonObject config)
    {
        (string[] labels, DType dtype, DType? astype) = ReadConfig(config);
        return new CategorizeCodec(labels, dtype, astype);
    }

    /// <summary>The labels, dtype and astype of a categorize config (both the text and the object form).</summary>
    internal static (string[] Labels, DType DType, DType? AsType) ReadConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "labels", "dtype", "astype");
        if (config["labels"] is not JsonArray array)
        {
            throw new CodecConfigException("labels", "A 'categorize' config needs \"labels\", a list of strings.");
        }

        string[] labels = array.Select(item => item is JsonValue value && value.TryGetValue(out string? text)
            ? text
            : throw new CodecConfigException("labels", $"\"labels\" holds strings only, not {item?.ToJsonString() ?? "null"}.")).ToArray();
        reader.Require("dtype");
        return (labels, reader.GetDType("dtype")!, reader.GetDType("astype"));
    }

    /// <summary>The config of a categorize codec.</summary>
    internal static JsonObject Config(string[] labels, DType dtype, DType astype) => new()
    {
        ["id"] = Id,
        ["labels"] = new JsonArray(labels.Select(label => (JsonNode)label).ToArray()),
        ["dtype"] = dtype.ToString(),
        ["astype"] = astype.ToString(),
    };

    /// <summary>numcodecs' repr of a categorize codec.</summary>
    internal static string Repr(string[] labels, DType dtype, DType astype)
    {
        string shown = "[" + string.Join(", ", labels.Take(3).Select(label => $"'{label}'")) + (labels.Length > 3 ? ", ...]" : "]");
        return $"Categorize(dtype='{dtype}', astype='{astype}', labels={shown})";
    }

    /// <summary>Checks that <paramref name="astype"/> is an integer dtype with a code for every label.</summary>
    internal static void CheckCodes(int labelCount, DType astype)
    {
        if (astype.Kind is not (DTypeKind.UnsignedInteger or DTypeKind.SignedInteger))
        {
            throw new CodecConfigException("astype", $"categorize stores integer codes; \"astype\" {astype} is not an integer dtype.");
        }

        ulong maxCode = astype.ItemSize == 8 ? ulong.MaxValue : (1UL << ((astype.ItemSize * 8) - (astype.Kind == DTypeKind.SignedInteger ? 1 : 0))) - 1;
        if ((ulong)labelCount > maxCode)
        {
            throw new CodecConfigException("labels", $"{labelCount} labels do not fit in {astype} codes.");
        }
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => Config(_labels, DataType, StorageType);

    /// <inheritdoc/>
    public override string ToString() => Repr(_labels, DataType, StorageType);

    /// <inheritdoc/>
    private protected override void EncodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count)
    {
        int itemSize = DataType.ItemSize;
        for (int i = 0; i < count; i++)
        {
            NumericElements.WriteInteger(destination, StorageType, i, Code(source.Slice(i * itemSize, itemSize)));
        }
    }

    /// <inheritdoc/>
    private protected override void DecodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count)
    {
        int itemSize = DataType.ItemSize;
        for (int i = 0; i < count; i++)
        {
            long code = NumericElements.ReadInteger(source, StorageType, i);
            Span<byte> item = destination.Slice(i * itemSize, itemSize);
            if (code >= 1 && code <= _labels.Length)
            {
                _labelItems[code - 1].CopyTo(item);
            }
            else
            {
                item.Clear(); // the empty string
            }
        }
    }

    /// <summary>numcodecs assigns codes label by label, so with duplicate labels the last equal one wins.</summary>
    private int Code(ReadOnlySpan<byte> item)
    {
        for (int i = _labels.Length - 1; i >= 0; i--)
        {
            if (_labelFits[i] && item.SequenceEqual(_labelItems[i]))
            {
                return i + 1;
            }
        }

        return 0;
    }

    /// <summary>Writes text as a numpy U item (UCS-4, NUL-padded); returns whether all of it fit.</summary>
    private static bool WriteText(Span<byte> item, string text, bool bigEndian)
    {
        item.Clear();
        int offset = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (offset == item.Length)
            {
                return false; // numpy cuts a longer label to the dtype's length
            }

            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(item[offset..], (uint)rune.Value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(item[offset..], (uint)rune.Value);
            }

            offset += 4;
        }

        return true;
    }
}
