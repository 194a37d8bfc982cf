using NumCodecs.Pipeline;

namespace NumCodecs;

/// <summary>The one place where every built-in codec is registered with <see cref="CodecRegistry"/>.</summary>
internal static class BuiltInCodecs
{
    /// <summary>numcodecs ids refused on purpose, with the reason a caller is told (not listed as registered).</summary>
    public static IReadOnlyDictionary<string, string> Refused { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["pickle"] =
            "The 'pickle' codec is not supported, on purpose: unpickling runs arbitrary code chosen by whoever wrote the data. " +
            "Re-encode such arrays in Python with a safe object codec (vlen-utf8, vlen-bytes, json2 or msgpack2).",
    };

    private static System.Text.Json.Nodes.JsonObject V2Config(string id, System.Text.Json.Nodes.JsonObject? configuration)
    {
        System.Text.Json.Nodes.JsonObject config = configuration ?? [];
        if (config.ContainsKey("id"))
        {
            throw new CodecConfigException("id", $"The v3 configuration of '{id}' must not carry an \"id\".");
        }

        config.Insert(0, "id", id);
        return config;
    }

    public static void Register(
        Action<string, Func<System.Text.Json.Nodes.JsonObject, Codec>> register,
        Action<string, Func<System.Text.Json.Nodes.JsonObject, ObjectCodec>> registerObjectCodec,
        Action<string, Func<System.Text.Json.Nodes.JsonObject?, ICodec>> registerV3)
    {
        // Zarr v3 names (numcodecs.<id> is derived from the v2 table).
        registerV3(BytesCodec.V3Name, BytesCodec.FromV3Config);
        registerV3(TransposeCodec.V3Name, TransposeCodec.FromV3Config);
        registerV3(BloscCodec.Id, BloscCodec.FromV3Config);
        registerV3(GZipCodec.Id, GZipCodec.FromV3Config);
        registerV3(ZstdCodec.Id, ZstdCodec.FromV3Config);
        registerV3(Crc32CCodec.Id, Crc32CCodec.FromV3Config);
        registerV3(ZlibCodec.Id, configuration => new NamedBytesCodec(ZlibCodec.Id, ZlibCodec.FromConfig(V2Config(ZlibCodec.Id, configuration)))); // zarrita's name
        registerV3(ShardingCodec.V3Name, ShardingCodec.FromV3Config);
        registerV3(VLenV3Codec.Utf8Name, VLenV3Codec.FromUtf8Config);
        registerV3(VLenV3Codec.BytesName, VLenV3Codec.FromBytesConfig);

        registerObjectCodec(VLenUtf8Codec.Id, VLenUtf8Codec.FromConfig);
        registerObjectCodec(VLenBytesCodec.Id, VLenBytesCodec.FromConfig);
        registerObjectCodec(VLenArrayCodec.Id, VLenArrayCodec.FromConfig);
        registerObjectCodec(JsonCodec.Id, JsonCodec.FromConfig);
        registerObjectCodec(MsgPackCodec.Id, MsgPackCodec.FromConfig);
        registerObjectCodec(CategorizeCodec.Id, ObjectCategorizeCodec.FromConfig); // dtype |O; other dtypes are byte codecs
        register(BloscCodec.Id, BloscCodec.FromConfig);
        register(ZstdCodec.Id, ZstdCodec.FromConfig);
        register(Lz4Codec.Id, Lz4Codec.FromConfig);
        register(ZlibCodec.Id, ZlibCodec.FromConfig);
        register(GZipCodec.Id, GZipCodec.FromConfig);
        register(Bz2Codec.Id, Bz2Codec.FromConfig);
        register(LzmaCodec.Id, LzmaCodec.FromConfig);
        register(Crc32Codec.Id, Crc32Codec.FromConfig);
        register(Adler32Codec.Id, Adler32Codec.FromConfig);
        register(Crc32CCodec.Id, Crc32CCodec.FromConfig);
        register(Fletcher32Codec.Id, Fletcher32Codec.FromConfig);
        register(JenkinsLookup3Codec.Id, JenkinsLookup3Codec.FromConfig);
        register(ShuffleCodec.Id, ShuffleCodec.FromConfig);
        register(PackBitsCodec.Id, PackBitsCodec.FromConfig);
        register(Base64Codec.Id, Base64Codec.FromConfig);
        register(DeltaCodec.Id, DeltaCodec.FromConfig);
        register(AsTypeCodec.Id, AsTypeCodec.FromConfig);
        register(BitRoundCodec.Id, BitRoundCodec.FromConfig);
        register(QuantizeCodec.Id, QuantizeCodec.FromConfig);
        register(CategorizeCodec.Id, CategorizeCodec.FromConfig);
        register(FixedScaleOffsetCodec.Id, FixedScaleOffsetCodec.FromConfig);
    }
}
