using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>numcodecs' astype filter: items stored as another dtype (numpy's unsafe <c>astype</c> both ways).</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>astype</c>. Name (Zarr v3): <c>numcodecs.astype</c>.</para>
/// <para>Config: <c>{"id": "astype", "encode_dtype": "&lt;f4", "decode_dtype": "&lt;f8"}</c>.</para>
/// <para>
/// Compatibility: numpy's casts: integers keep their low bits, floats round to nearest, floats to integers truncate
/// toward zero. Both byte orders; boolean, integer and float dtypes.
/// </para>
/// </remarks>
public sealed class AsTypeCodec : Codec
{
    /// <summary>The codec id, <c>astype</c>.</summary>
    public const string Id = "astype";

    /// <summary>Creates an astype filter.</summary>
    /// <param name="encodeDtype">The dtype items are stored as.</param>
    /// <param name="decodeDtype">The dtype of the items given to encode and returned by decode.</param>
    /// <exception cref="CodecConfigException">A dtype is not numeric.</exception>
    public AsTypeCodec(DType encodeDtype, DType decodeDtype)
    {
        ArgumentNullException.ThrowIfNull(encodeDtype);
        ArgumentNullException.ThrowIfNull(decodeDtype);
        NumericElements.CheckSupported(encodeDtype, "encode_dtype");
        NumericElements.CheckSupported(decodeDtype, "decode_dtype");
        EncodeType = encodeDtype;
        DecodeType = decodeDtype;
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>The stored dtype (<c>encode_dtype</c>).</summary>
    public DType EncodeType { get; }

    /// <summary>The items' dtype (<c>decode_dtype</c>).</summary>
    public DType DecodeType { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">An <c>astype</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static AsTypeCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "encode_dtype", "decode_dtype");
        foreach (string key in new[] { "encode_dtype", "decode_dtype" })
        {
            if (!reader.Has(key))
            {
                throw new CodecConfigException(key, $"An 'astype' config needs \"{key}\".");
            }
        }

        return new AsTypeCodec(DeltaCodec.ParseDType(reader, "encode_dtype"), DeltaCodec.ParseDType(reader, "decode_dtype"));
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() =>
        new() { ["id"] = Id, ["encode_dtype"] = EncodeType.ToString(), ["decode_dtype"] = DecodeType.ToString() };

    /// <inheritdoc/>
    public override string ToString() => $"AsType(encode_dtype='{EncodeType}', decode_dtype='{DecodeType}')";

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength) => ItemCounts.Convert(sourceLength, DecodeType, EncodeType);

    /// <inheritdoc/>
    /// <exception cref="CorruptDataException">The source is not a whole number of stored items.</exception>
    public override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        length = checked(ItemCounts.Count(source, EncodeType, Id, decoding: true) * DecodeType.ItemSize);
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten) =>
        Convert(source, DecodeType, destination, EncodeType, corrupt: false, out bytesWritten);

    /// <inheritdoc/>
    protected override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten) =>
        Convert(source, EncodeType, destination, DecodeType, corrupt: true, out bytesWritten);

    private static bool Convert(ReadOnlySpan<byte> source, DType from, Span<byte> destination, DType to, bool corrupt, out int bytesWritten)
    {
        int count = ItemCounts.Count(source, from, Id, decoding: corrupt);
        bytesWritten = 0;
        if (destination.Length < count * to.ItemSize)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            NumericElements.Cast(source, from, i, destination, to, i);
        }

        bytesWritten = count * to.ItemSize;
        return true;
    }

}
