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
public sealed class AsTypeCodec : ItemFilterCodec
{
    /// <summary>The codec id, <c>astype</c>.</summary>
    public const string Id = "astype";

    /// <summary>Creates an astype filter.</summary>
    /// <param name="encodeDtype">The dtype items are stored as.</param>
    /// <param name="decodeDtype">The dtype of the items given to encode and returned by decode.</param>
    /// <exception cref="CodecConfigException">A dtype is not numeric.</exception>
    public AsTypeCodec(DType encodeDtype, DType decodeDtype)
        : base(decodeDtype ?? throw new ArgumentNullException(nameof(decodeDtype)), encodeDtype ?? throw new ArgumentNullException(nameof(encodeDtype)))
    {
        NumericElements.CheckSupported(encodeDtype, "encode_dtype");
        NumericElements.CheckSupported(decodeDtype, "decode_dtype");
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>The stored dtype (<c>encode_dtype</c>); the same as <see cref="ItemFilterCodec.StorageType"/>.</summary>
    public DType EncodeType => StorageType;

    /// <summary>The items' dtype (<c>decode_dtype</c>); the same as <see cref="ItemFilterCodec.DataType"/>.</summary>
    public DType DecodeType => DataType;

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">An <c>astype</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static AsTypeCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "encode_dtype", "decode_dtype");
        reader.Require("encode_dtype", "decode_dtype");
        return new AsTypeCodec(reader.GetDType("encode_dtype")!, reader.GetDType("decode_dtype")!);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() =>
        new() { ["id"] = Id, ["encode_dtype"] = EncodeType.ToString(), ["decode_dtype"] = DecodeType.ToString() };

    /// <inheritdoc/>
    public override string ToString() => $"AsType(encode_dtype='{EncodeType}', decode_dtype='{DecodeType}')";

    /// <inheritdoc/>
    private protected override void EncodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count) =>
        Convert(source, DataType, destination, StorageType, count);

    /// <inheritdoc/>
    private protected override void DecodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count) =>
        Convert(source, StorageType, destination, DataType, count);

    private static void Convert(ReadOnlySpan<byte> source, DType from, Span<byte> destination, DType to, int count)
    {
        for (int i = 0; i < count; i++)
        {
            NumericElements.Cast(source, from, i, destination, to, i);
        }
    }
}
