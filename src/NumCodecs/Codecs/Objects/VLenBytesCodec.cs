using System.Buffers;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>Variable-length byte strings in numcodecs' length-prefixed layout.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>vlen-bytes</c>. Name (Zarr v3): <c>vlen-bytes</c>. Config: <c>{"id": "vlen-bytes"}</c>.</para>
/// <para>
/// Layout: a little-endian u32 item count, then per item a little-endian u32 byte length and the bytes. As in
/// numcodecs, a null item (and anything equal to 0) encodes as empty, and bytes after the last item are ignored.
/// </para>
/// </remarks>
public sealed class VLenBytesCodec : ObjectCodec
{
    /// <summary>The codec id, <c>vlen-bytes</c>.</summary>
    public const string Id = "vlen-bytes";

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>vlen-bytes</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config has keys besides the id.</exception>
    public static VLenBytesCodec FromConfig(JsonObject config)
    {
        _ = new CodecConfigReader(config, Id);
        return new VLenBytesCodec();
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id };

    /// <inheritdoc/>
    public override string ToString() => "VLenBytes()";

    /// <summary>Encodes byte strings (null for a missing value, which decodes as empty).</summary>
    /// <param name="items">The byte strings.</param>
    /// <returns>The encoded bytes.</returns>
    public byte[] Encode(IReadOnlyList<byte[]?> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Encode(new ObjectArray(items));
    }

    /// <summary>Decodes into byte strings.</summary>
    /// <param name="source">Encoded data.</param>
    /// <returns>The byte strings.</returns>
    /// <exception cref="CorruptDataException">The data is truncated.</exception>
    /// <exception cref="DecodedLengthLimitException">The data holds more than <see cref="ObjectCodec.MaxItemCount"/> items.</exception>
    public byte[][] DecodeBytes(ReadOnlySpan<byte> source)
    {
        int count = VLenLayout.ReadCount(source, this, CheckItemCount);
        byte[][] items = new byte[count][];
        int position = VLenLayout.PrefixLength;
        for (int i = 0; i < count; i++)
        {
            items[i] = VLenLayout.ReadItem(source, ref position, i, Id).ToArray();
        }

        return items;
    }

    /// <inheritdoc/>
    protected override void EncodeCore(ObjectArray array, IBufferWriter<byte> destination)
    {
        byte[]?[] items = new byte[]?[array.Count];
        for (int i = 0; i < items.Length; i++)
        {
            object? item = array[i];
            items[i] = item switch
            {
                byte[] bytes => bytes,
                _ when VLenLayout.IsMissing(item) => null,
                _ => throw new ArgumentException($"{Id} encodes byte arrays, but item {i} is a {item!.GetType().Name} ({item}).", nameof(array)),
            };
        }

        EncodeItems(items, destination);
    }

    /// <inheritdoc/>
    protected override ObjectArray DecodeCore(ReadOnlySpan<byte> source) => new(DecodeBytes(source));

    private static void EncodeItems(byte[]?[] items, IBufferWriter<byte> destination)
    {
        int[] lengths = new int[items.Length];
        for (int i = 0; i < lengths.Length; i++)
        {
            lengths[i] = items[i]?.Length ?? 0;
        }

        VLenLayout.Write(destination, lengths, items, static (bytes, i, span) => bytes[i].AsSpan().CopyTo(span), Id);
    }
}
