using System.Buffers;
using System.Text.Json.Nodes;

namespace NumCodecs;

/// <summary>numcodecs' categorize filter for object arrays (dtype <c>|O</c>): each string stored as the 1-based index of its label.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>categorize</c> with <c>"dtype": "|O"</c>. Name (Zarr v3): <c>numcodecs.categorize</c>.</para>
/// <para>Config: <c>{"id": "categorize", "labels": ["female", "male"], "dtype": "|O", "astype": "|u1"}</c>.</para>
/// <para>
/// Encoding writes one integer of <c>astype</c> per item: the 1-based index of the label equal to it (the last such
/// label, as numcodecs assigns label by label), or 0 when none is (null, another string, or not a string). Decoding
/// gives the labels back, and the empty string for 0 or any other unknown code. The text dtypes (<c>U</c>) are handled
/// by <see cref="CategorizeCodec"/> on bytes.
/// </para>
/// </remarks>
public sealed class ObjectCategorizeCodec : ObjectCodec
{
    private static readonly DType s_object = DType.Parse("|O");

    private readonly string[] _labels;

    /// <summary>Creates a categorize codec for object arrays.</summary>
    /// <param name="labels">The labels; label <c>i</c> encodes as <c>i + 1</c>.</param>
    /// <param name="astype">The integer dtype of the codes; null for <c>|u1</c>.</param>
    /// <exception cref="CodecConfigException">The astype is not an integer dtype or has too few codes.</exception>
    public ObjectCategorizeCodec(IEnumerable<string> labels, DType? astype = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _labels = [.. labels];
        AsType = astype ?? NumericElements.UInt8;
        CategorizeCodec.CheckCodes(_labels.Length, AsType);
    }

    /// <inheritdoc/>
    public override string CodecId => CategorizeCodec.Id;

    /// <summary>The labels (<c>labels</c>).</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The dtype of the codes (<c>astype</c>).</summary>
    public DType AsType { get; }

    /// <summary>Builds a codec from a config whose dtype is <c>|O</c>.</summary>
    /// <param name="config">A <c>categorize</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid or its dtype is not <c>|O</c>; the exception names the key.</exception>
    public static ObjectCategorizeCodec FromConfig(JsonObject config)
    {
        (string[] labels, DType dtype, DType? astype) = CategorizeCodec.ReadConfig(config);
        return dtype.Kind == DTypeKind.PythonObject
            ? new ObjectCategorizeCodec(labels, astype)
            : throw new CodecConfigException("dtype", $"categorize with dtype {dtype} works on bytes: CategorizeCodec (CodecRegistry.GetCodec).");
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => CategorizeCodec.Config(_labels, s_object, AsType);

    /// <inheritdoc/>
    public override string ToString() => CategorizeCodec.Repr(_labels, s_object, AsType);

    /// <inheritdoc/>
    protected override void EncodeCore(ObjectArray array, IBufferWriter<byte> destination)
    {
        int itemSize = AsType.ItemSize;
        long length = (long)array.Count * itemSize;
        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"{array.Count} codes of {AsType} would exceed the largest array.", nameof(array));
        }

        Span<byte> output = destination.GetSpan((int)length)[..(int)length];
        for (int i = 0; i < array.Count; i++)
        {
            NumericElements.WriteInteger(output, AsType, i, array[i] is string text ? Code(text) : 0);
        }

        destination.Advance((int)length);
    }

    /// <inheritdoc/>
    protected override ObjectArray DecodeCore(ReadOnlySpan<byte> source)
    {
        int itemSize = AsType.ItemSize;
        if (source.Length % itemSize != 0)
        {
            throw new CorruptDataException($"The categorize data is {source.Length} bytes, not a whole number of {itemSize}-byte {AsType} codes.");
        }

        int count = source.Length / itemSize;
        CheckItemCount(count);
        string[] items = new string[count];
        for (int i = 0; i < count; i++)
        {
            long code = NumericElements.ReadInteger(source, AsType, i);
            items[i] = code >= 1 && code <= _labels.Length ? _labels[code - 1] : string.Empty;
        }

        return new ObjectArray(items);
    }

    private int Code(string text)
    {
        for (int i = _labels.Length - 1; i >= 0; i--)
        {
            if (string.Equals(_labels[i], text, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return 0;
    }
}
