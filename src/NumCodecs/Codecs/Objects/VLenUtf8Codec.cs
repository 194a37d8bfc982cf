using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>Variable-length UTF-8 strings in numcodecs' length-prefixed layout.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>vlen-utf8</c>. Name (Zarr v3): <c>vlen-utf8</c>. Config: <c>{"id": "vlen-utf8"}</c>.</para>
/// <para>
/// Layout: a little-endian u32 item count, then per item a little-endian u32 byte length and the UTF-8 bytes. As in
/// numcodecs, a null item (and anything equal to 0) encodes as the empty string, and bytes after the last item are
/// ignored. Strings must be valid UTF-16 (no lone surrogates), decoded bytes valid UTF-8: both are checked.
/// </para>
/// </remarks>
public sealed class VLenUtf8Codec : ObjectCodec
{
    /// <summary>The codec id, <c>vlen-utf8</c>.</summary>
    public const string Id = "vlen-utf8";

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>vlen-utf8</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config has keys besides the id.</exception>
    public static VLenUtf8Codec FromConfig(JsonObject config)
    {
        _ = new CodecConfigReader(config, Id);
        return new VLenUtf8Codec();
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id };

    /// <inheritdoc/>
    public override string ToString() => "VLenUTF8()";

    /// <summary>Encodes strings (null for a missing value, which decodes as the empty string).</summary>
    /// <param name="items">The strings.</param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="ArgumentException">A string holds a lone surrogate, which UTF-8 cannot represent.</exception>
    public byte[] Encode(IReadOnlyList<string?> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Encode(ObjectArray.FromStrings(items));
    }

    /// <summary>Decodes into strings.</summary>
    /// <param name="source">Encoded data.</param>
    /// <returns>The strings.</returns>
    /// <exception cref="CorruptDataException">The data is truncated, or an item is not valid UTF-8.</exception>
    /// <exception cref="DecodedLengthLimitException">The data holds more than <see cref="ObjectCodec.MaxItemCount"/> items.</exception>
    public string[] DecodeStrings(ReadOnlySpan<byte> source)
    {
        int count = VLenLayout.ReadCount(source, this, CheckItemCount);
        string[] items = new string[count];
        int position = VLenLayout.PrefixLength;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> bytes = VLenLayout.ReadItem(source, ref position, i, Id);
            try
            {
                items[i] = StrictText.Utf8.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new CorruptDataException($"Item {i} of the {Id} data is not valid UTF-8: {e.Message}", e);
            }
        }

        return items;
    }

    /// <inheritdoc/>
    protected override void EncodeCore(ObjectArray array, IBufferWriter<byte> destination)
    {
        string?[] items = new string?[array.Count];
        for (int i = 0; i < items.Length; i++)
        {
            object? item = array[i];
            items[i] = item switch
            {
                string text => text,
                _ when VLenLayout.IsMissing(item) => null,
                _ => throw new ArgumentException($"{Id} encodes strings, but item {i} is a {item!.GetType().Name} ({item}).", nameof(array)),
            };
        }

        EncodeStrings(items, destination);
    }

    /// <inheritdoc/>
    protected override ObjectArray DecodeCore(ReadOnlySpan<byte> source) => new(DecodeStrings(source));

    private static void EncodeStrings(string?[] items, IBufferWriter<byte> destination)
    {
        int[] lengths = new int[items.Length];
        for (int i = 0; i < lengths.Length; i++)
        {
            try
            {
                lengths[i] = StrictText.Utf8.GetByteCount(items[i] ?? string.Empty);
            }
            catch (EncoderFallbackException e)
            {
                throw new ArgumentException($"Item {i} cannot be encoded as UTF-8: {e.Message}", nameof(items), e);
            }
        }

        VLenLayout.Write(destination, lengths, items, static (strings, i, span) => StrictText.Utf8.GetBytes(strings[i] ?? string.Empty, span), Id);
    }
}
