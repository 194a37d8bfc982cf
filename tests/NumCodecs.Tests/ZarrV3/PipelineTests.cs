using System.Text.Json.Nodes;
using NumCodecs.Blosc;
using NumCodecs.Pipeline;

namespace NumCodecs.Tests.ZarrV3;

public sealed class PipelineTests
{
    private static readonly ChunkSpec s_int32 = new([6, 10], DType.ParseZarrV3("int32"));

    public static TheoryData<string> V3Entries() =>
    [
        """{"name":"bytes","configuration":{"endian":"little"}}""",
        """{"name":"bytes","configuration":{"endian":"big"}}""",
        """{"name":"bytes"}""",
        """{"name":"transpose","configuration":{"order":[1,0]}}""",
        """{"name":"blosc","configuration":{"cname":"zstd","clevel":3,"shuffle":"bitshuffle","typesize":4,"blocksize":0}}""",
        """{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"noshuffle","blocksize":0}}""",
        """{"name":"gzip","configuration":{"level":5}}""",
        """{"name":"zstd","configuration":{"level":0,"checksum":false}}""",
        """{"name":"zstd","configuration":{"level":22,"checksum":true}}""",
        """{"name":"crc32c"}""",
        """{"name":"zlib","configuration":{"level":5}}""",
        """{"name":"numcodecs.zlib","configuration":{"level":1}}""",
        """{"name":"numcodecs.blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":1,"blocksize":0}}""",
        """{"name":"numcodecs.lz4","configuration":{"acceleration":1}}""",
        """{"name":"numcodecs.bz2","configuration":{"level":9}}""",
        """{"name":"numcodecs.lzma","configuration":{"format":1,"check":-1,"preset":null,"filters":null}}""",
        """{"name":"numcodecs.crc32"}""",
        """{"name":"numcodecs.adler32"}""",
        """{"name":"numcodecs.fletcher32"}""",
        """{"name":"numcodecs.shuffle","configuration":{"elementsize":4}}""",
        """{"name":"numcodecs.delta","configuration":{"dtype":"<i4"}}""",
        """{"name":"numcodecs.fixedscaleoffset","configuration":{"offset":0,"scale":10,"dtype":"<f8","astype":"<i4"}}""",
        """{"name":"numcodecs.bitround","configuration":{"keepbits":10}}""",
        """{"name":"sharding_indexed","configuration":{"chunk_shape":[2,5],"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"crc32c"}],"index_location":"end"}}""",
    ];

    [Theory]
    [MemberData(nameof(V3Entries))]
    public void AV3EntryWrittenBackEqualsTheOneRead(string json)
    {
        ICodec codec = CodecRegistry.GetV3Codec(json);

        JsonObject written = codec.GetV3Config();

        JsonNode expected = JsonNode.Parse(json)!;
        if (expected["configuration"] is null && written["configuration"] is JsonObject { Count: 0 })
        {
            written.Remove("configuration");
        }

        Assert.True(JsonNode.DeepEquals(expected, written), $"{json} came back as {written.ToJsonString()}");
        Assert.Equal(codec, CodecRegistry.GetV3Codec(written.ToJsonString()));
    }

    [Fact]
    public void KindsFollowZarrPython3()
    {
        Assert.Equal(CodecKind.ArrayToBytes, CodecRegistry.GetV3Codec("""{"name":"bytes"}""").Kind);
        Assert.Equal(CodecKind.ArrayToArray, CodecRegistry.GetV3Codec("""{"name":"transpose","configuration":{"order":[0]}}""").Kind);
        Assert.Equal(CodecKind.ArrayToArray, CodecRegistry.GetV3Codec("""{"name":"numcodecs.delta","configuration":{"dtype":"<i4"}}""").Kind);
        Assert.Equal(CodecKind.BytesToBytes, CodecRegistry.GetV3Codec("""{"name":"numcodecs.shuffle","configuration":{"elementsize":4}}""").Kind);
        Assert.Equal(CodecKind.ArrayToBytes, CodecRegistry.GetV3Codec("""{"name":"sharding_indexed","configuration":{"chunk_shape":[1],"codecs":[{"name":"bytes"}]}}""").Kind);
        Assert.IsType<BloscCodec>(CodecRegistry.GetV3Codec("""{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":2,"blocksize":0}}"""));
        Assert.Equal("numcodecs.zlib", new ZlibCodec(5).Name);
        Assert.Equal("crc32c", new Crc32CCodec().Name);
        Assert.Equal("numcodecs.crc32c", new Crc32CCodec(ChecksumLocation.Start).Name);
    }

    [Fact]
    public void ThirdPartiesRegisterV3Codecs()
    {
        CodecRegistry.RegisterV3("test.negate", configuration => new NegateCodec());
        Assert.True(CodecRegistry.IsV3Registered("test.negate"));
        Assert.Contains("test.negate", CodecRegistry.V3CodecNames);
        var pipeline = CodecPipeline.FromV3("""[{"name":"test.negate"},{"name":"bytes","configuration":{"endian":"little"}}]""", s_int32);
        int[] values = Enumerable.Range(0, 60).ToArray();

        byte[] encoded = pipeline.Encode<int>(values);

        Assert.Equal(-7, BitConverter.ToInt32(encoded, 7 * 4));
        var back = new int[60];
        pipeline.Decode<int>(encoded, back);
        Assert.Equal(values, back);

        // And numcodecs.<id> follows the v2 table, third-party ids included.
        CodecRegistry.Register("test.reverse", config => new RegistryTests.ReverseCodec());
        Assert.True(CodecRegistry.IsV3Registered("numcodecs.test.reverse"));
        Assert.Equal("numcodecs.test.reverse", CodecRegistry.GetV3Codec("""{"name":"numcodecs.test.reverse"}""").Name);
    }

    [Fact]
    public void AV2ZarrayBecomesTransposeBytesFiltersCompressor()
    {
        var zarray = (JsonObject)JsonNode.Parse("""
            {"zarr_format":2,"shape":[12,20],"chunks":[6,10],"dtype":">i4","order":"F","fill_value":3,
             "filters":[{"id":"delta","dtype":">i4"}],"compressor":{"id":"zlib","level":1},"dimension_separator":"."}
            """)!;

        CodecPipeline pipeline = CodecPipeline.FromZarray(zarray);

        Assert.Equal(["transpose", "bytes", "numcodecs.delta", "numcodecs.zlib"], pipeline.Codecs.Select(c => c.Name));
        Assert.Equal(DTypeByteOrder.BigEndian, ((BytesCodec)pipeline.Codecs[1]).Endian);
        Assert.Equal(3, BitConverter.ToInt32(pipeline.Spec.FillValue.Span));

        // The chunk is Fortran order, big endian, delta then zlib: built by hand here.
        int[] values = Enumerable.Range(0, 60).Select(i => (i * 37) % 101).ToArray();
        var fortran = new byte[240];
        int k = 0;
        for (int col = 0; col < 10; col++)
        {
            for (int row = 0; row < 6; row++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(fortran.AsSpan(k++ * 4), values[(row * 10) + col]);
            }
        }

        byte[] chunk = new ZlibCodec(1).Encode(new DeltaCodec(DType.Parse(">i4")).Encode(fortran));
        var decoded = new int[60];
        pipeline.Decode<int>(chunk, decoded);
        Assert.Equal(values, decoded);
        Assert.Equal(chunk, pipeline.Encode<int>(values));
    }

    public static TheoryData<string, string> BadChains() => new()
    {
        { """[{"name":"gzip","configuration":{"level":1}},{"name":"bytes","configuration":{"endian":"little"}}]""", "before any array to bytes codec" },
        { """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"transpose","configuration":{"order":[1,0]}}]""", "after the array to bytes codec 'bytes'" },
        { """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"bytes","configuration":{"endian":"big"}}]""", "second array to bytes codec" },
        { """[{"name":"transpose","configuration":{"order":[1,0]}}]""", "has no array to bytes codec" },
        { """[{"name":"bytes"}]""", "needs an endian for int32" },
        { """[{"name":"bytes","configuration":{"endian":"middle"}}]""", "\"little\" or \"big\", not \"middle\"" },
        { """[{"name":"transpose","configuration":{"order":[0,0]}},{"name":"bytes","configuration":{"endian":"little"}}]""", "not a permutation" },
        { """[{"name":"transpose","configuration":{"order":[2,0,1]}},{"name":"bytes","configuration":{"endian":"little"}}]""", "has 3 dimensions" },
        { """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"byteshuffle","typesize":4,"blocksize":0}}]""", "not \"byteshuffle\"" },
        { """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","blocksize":0}}]""", "needs a typesize" },
        { """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":1,"typesize":4,"blocksize":0}}]""", "must be a string" },
        { """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":3}}]""", "needs \"checksum\"" },
        { """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"snappy"}]""", "Unknown Zarr v3 codec name 'snappy'" },
        { """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"numcodecs.snappy"}]""", "Unknown Zarr v3 codec name 'numcodecs.snappy'" },
        { """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"numcodecs.pickle"}]""", "arbitrary code" },
        { """[{"id":"zlib","level":1}]""", "looks like a v2 config" },
        { """[{"name":"bytes","configuration":{"endian":"little","extra":1}}]""", "Unknown key \"extra\"" },
        { """[{"name":"crc32c","configuration":{"location":"start"}}]""", "it takes none" },
        { """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"gzip","configuration":[5]}]""", "must be an object" },
        { """[{"name":"sharding_indexed","configuration":{"chunk_shape":[4,5],"codecs":[{"name":"bytes","configuration":{"endian":"little"}}]}}]""", "does not divide" },
        { """[{"name":"sharding_indexed","configuration":{"chunk_shape":[3,5],"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"gzip","configuration":{"level":1}}]}}]""", "must keep a fixed size" },
        { """[{"name":"sharding_indexed","configuration":{"chunk_shape":[3,5],"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"index_location":"middle"}}]""", "\"start\" or \"end\"" },
        { """[{"name":"sharding_indexed","configuration":{"chunk_shape":[3,5],"codecs":[{"name":"gzip","configuration":{"level":1}}]}}]""", "before any array to bytes codec" },
        { """{"name":"bytes"}""", "is a JSON array" },
    };

    [Theory]
    [MemberData(nameof(BadChains))]
    public void BadChainsAreRefusedWithAMessage(string json, string expected)
    {
        CodecConfigException e = Assert.ThrowsAny<CodecConfigException>(() => CodecPipeline.FromV3(json, s_int32));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZarrJsonGivesSpecAndChain()
    {
        var metadata = (JsonObject)JsonNode.Parse("""
            {"zarr_format":3,"node_type":"array","shape":[100],"data_type":"float32",
             "chunk_grid":{"name":"regular","configuration":{"chunk_shape":[30]}},
             "chunk_key_encoding":{"name":"default"},"fill_value":"NaN",
             "codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":1,"checksum":true}}]}
            """)!;

        CodecPipeline pipeline = CodecPipeline.FromZarrJson(metadata);

        Assert.Equal([30], pipeline.Spec.Shape);
        Assert.Equal(0x7fc00000u, BitConverter.ToUInt32(pipeline.Spec.FillValue.Span));
        float[] values = Enumerable.Range(0, 30).Select(i => i * 0.5f).ToArray();
        var back = new float[30];
        pipeline.Decode<float>(pipeline.Encode<float>(values), back);
        Assert.Equal(values, back);
        Assert.Throws<ArgumentException>(() => pipeline.Encode<double>(new double[30]));
        Assert.Throws<ArgumentException>(() => pipeline.Encode(new byte[119]));

        metadata["data_type"] = "utf8";
        Assert.Contains("not a Zarr v3 data type", Assert.Throws<CodecConfigException>(() => CodecPipeline.FromZarrJson(metadata)).Message);
        metadata["data_type"] = "int8";
        metadata["fill_value"] = 300;
        Assert.Contains("outside -128 to 127", Assert.Throws<CodecConfigException>(() => CodecPipeline.FromZarrJson(metadata)).Message);
    }

    [Theory]
    [InlineData("float32", "\"0x3f800000\"", "0000803F")]
    [InlineData("float64", "\"-Infinity\"", "000000000000F0FF")]
    [InlineData("float16", "1.5", "003E")]
    [InlineData("complex64", "[1.0, \"NaN\"]", "0000803F0000C07F")]
    [InlineData("bool", "true", "01")]
    [InlineData("uint64", "18446744073709551615", "FFFFFFFFFFFFFFFF")]
    [InlineData("int16", "-2", "FEFF")]
    [InlineData("r16", "[1, 2]", "0102")]
    public void FillValuesParseAsTheSpecSays(string dataType, string json, string hex)
    {
        byte[] element = FillValues.Parse(JsonNode.Parse(json), DType.ParseZarrV3(dataType));
        Assert.Equal(hex, Convert.ToHexString(element));
    }

    [Theory]
    [InlineData("int8", "1.5")]
    [InlineData("uint8", "-1")]
    [InlineData("float32", "\"0x3f80\"")]
    [InlineData("float32", "\"nan\"")]
    [InlineData("bool", "2")]
    [InlineData("complex64", "1.0")]
    [InlineData("r16", "[1]")]
    public void BadFillValuesAreRefused(string dataType, string json)
    {
        FormatException e = Assert.Throws<FormatException>(() => FillValues.Parse(JsonNode.Parse(json), DType.ParseZarrV3(dataType)));
        Assert.Contains(json.Trim('"'), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TransposeMovesElements()
    {
        var spec = new ChunkSpec([2, 3, 4], DType.ParseZarrV3("uint16"));
        var codec = new TransposeCodec(2, 0, 1);
        ushort[] values = Enumerable.Range(0, 24).Select(i => (ushort)i).ToArray();
        var encoded = new ushort[24];

        codec.Encode(spec, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()), System.Runtime.InteropServices.MemoryMarshal.AsBytes(encoded.AsSpan()));

        Assert.Equal([4, 2, 3], codec.GetEncodedSpec(spec).Shape);
        for (int a = 0; a < 2; a++)
        {
            for (int b = 0; b < 3; b++)
            {
                for (int c = 0; c < 4; c++)
                {
                    Assert.Equal(values[(a * 12) + (b * 4) + c], encoded[(c * 6) + (a * 3) + b]);
                }
            }
        }

        var back = new ushort[24];
        codec.Decode(spec, System.Runtime.InteropServices.MemoryMarshal.AsBytes(encoded.AsSpan()), System.Runtime.InteropServices.MemoryMarshal.AsBytes(back.AsSpan()));
        Assert.Equal(values, back);
    }

    /// <summary>A third-party array to array codec: negates int32 elements.</summary>
    private sealed class NegateCodec : IArrayToArrayCodec
    {
        public string Name => "test.negate";

        public CodecKind Kind => CodecKind.ArrayToArray;

        public JsonObject GetV3Config() => new() { ["name"] = Name };

        public ChunkSpec GetEncodedSpec(ChunkSpec decoded) => decoded;

        public void Encode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination) => Negate(source, destination);

        public void Decode(ChunkSpec decoded, ReadOnlySpan<byte> source, Span<byte> destination) => Negate(source, destination);

        private static void Negate(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            ReadOnlySpan<int> from = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(source);
            Span<int> to = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(destination);
            for (int i = 0; i < from.Length; i++)
            {
                to[i] = -from[i];
            }
        }
    }
}

public sealed class VLenV3Tests
{
    [Fact]
    public void StringChunksEncodeAsNumcodecsVLenUtf8()
    {
        var metadata = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse("""
            {"zarr_format":3,"node_type":"array","shape":[4],"data_type":"string",
             "chunk_grid":{"name":"regular","configuration":{"chunk_shape":[3]}},
             "chunk_key_encoding":{"name":"default"},"fill_value":"",
             "codecs":[{"name":"vlen-utf8","configuration":{}},{"name":"zstd","configuration":{"level":0,"checksum":false}}]}
            """)!;
        CodecPipeline pipeline = CodecPipeline.FromZarrJson(metadata);
        string?[] items = ["a", "Zürich", ""];

        byte[] encoded = pipeline.EncodeObjects(ObjectArray.FromStrings(items));

        // The same bytes numcodecs' VLenUTF8 writes (the v2 codec, checked against numcodecs' fixtures), in a zstd frame.
        Assert.Equal(new VLenUtf8Codec().Encode(ObjectArray.FromStrings(items)), new ZstdCodec(0).Decode(encoded));
        Assert.Equal(items, pipeline.DecodeObjects(encoded).ToStrings());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(metadata["codecs"], pipeline.GetV3Config()));
        Assert.Contains("variable-length items", Assert.Throws<NotSupportedException>(() => pipeline.Decode(encoded)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => pipeline.EncodeObjects(ObjectArray.FromStrings(["too", "few"])));

        // A chunk that holds more items than the chunk's shape is corrupt, refused before the items are made.
        byte[] four = new ZstdCodec(0).Encode(new VLenUtf8Codec().Encode(ObjectArray.FromStrings(["a", "b", "c", "d"])));
        Assert.Throws<CorruptDataException>(() => pipeline.DecodeObjects(four));
    }

    [Fact]
    public void VLenCodecsTakeOnlyItems()
    {
        var numbers = new ChunkSpec([3], DType.ParseZarrV3("int32"));
        Assert.Contains("variable-length items", Assert.Throws<CodecConfigException>(() => CodecPipeline.FromV3("""[{"name":"vlen-bytes"}]""", numbers)).Message, StringComparison.Ordinal);
        var bytesPipeline = CodecPipeline.FromV3("""[{"name":"vlen-bytes"}]""", new ChunkSpec([2], DType.Parse("|O")));
        byte[] encoded = bytesPipeline.EncodeObjects(new ObjectArray([new byte[] { 1, 2 }, Array.Empty<byte>()]));
        Assert.Equal(new byte[] { 1, 2 }, (byte[])bytesPipeline.DecodeObjects(encoded)[0]!);
        Assert.Throws<InvalidOperationException>(() => CodecPipeline.FromV3("""[{"name":"bytes","configuration":{"endian":"little"}}]""", numbers).EncodeObjects(ObjectArray.FromStrings(["x", "y", "z"])));
    }
}

public sealed class NumcodecsArrayCodecTests
{
    [Fact]
    public void AsTypeHandsOnItsEncodedType()
    {
        var spec = new ChunkSpec([2, 3], DType.ParseZarrV3("float64"));
        var pipeline = CodecPipeline.FromV3("""
            [{"name":"numcodecs.astype","configuration":{"encode_dtype":"<f4","decode_dtype":"<f8"}},
             {"name":"bytes","configuration":{"endian":"big"}}]
            """, spec);
        double[] values = [1.5, -2, 3.25, 0, 1e3, -0.5];

        byte[] stored = pipeline.Encode<double>(values);

        Assert.Equal(24, stored.Length); // six big-endian float32
        Assert.Equal(-2f, System.Buffers.Binary.BinaryPrimitives.ReadSingleBigEndian(stored.AsSpan(4)));
        var back = new double[6];
        pipeline.Decode<double>(stored, back);
        Assert.Equal(values, back);
    }

    [Fact]
    public void DeltaAndFixedScaleOffsetRunOnElements()
    {
        var spec = new ChunkSpec([5], DType.ParseZarrV3("float64"));
        var pipeline = CodecPipeline.FromV3("""
            [{"name":"numcodecs.fixedscaleoffset","configuration":{"offset":1000,"scale":10,"dtype":"<f8","astype":"<i4"}},
             {"name":"numcodecs.delta","configuration":{"dtype":"<i4"}},
             {"name":"bytes","configuration":{"endian":"little"}},
             {"name":"zstd","configuration":{"level":1,"checksum":false}}]
            """, spec);
        double[] values = [1000.1, 1000.2, 1000.4, 999.9, 1000];

        byte[] stored = pipeline.Encode<double>(values);

        int[] deltas = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(new ZstdCodec(1).Decode(stored)).ToArray();
        Assert.Equal([1, 1, 2, -5, 1], deltas);
        var back = new double[5];
        pipeline.Decode<double>(stored, back);
        Assert.Equal(values.Select(v => Math.Round(v, 1)), back.Select(v => Math.Round(v, 1)));
        Assert.Contains("has 4-byte items", Assert.Throws<CodecConfigException>(() =>
            CodecPipeline.FromV3("""[{"name":"numcodecs.delta","configuration":{"dtype":"<i4"}},{"name":"bytes","configuration":{"endian":"little"}}]""", spec)).Message, StringComparison.Ordinal);
    }
}
