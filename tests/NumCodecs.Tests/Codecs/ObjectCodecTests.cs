using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using NumCodecs.Tests.Fixtures;

namespace NumCodecs.Tests.Codecs;

/// <summary>The object codecs' contract: round trips, configs, the registry, and hostile input.</summary>
public sealed class ObjectCodecTests
{
    private static readonly string?[] s_words = ["", "foo", "Zürich", "日本語", "emoji 🙂", "quote \" backslash \\ tab \t", new string('x', 70_000)];

    public static TheoryData<string> Configs() => new()
    {
        """{"id": "vlen-utf8"}""",
        """{"id": "vlen-bytes"}""",
        """{"id": "vlen-array", "dtype": "<i4"}""",
        """{"id": "vlen-array", "dtype": ">f8"}""",
        """{"id": "json2"}""",
        """{"id": "json2", "indent": 2, "ensure_ascii": false, "sort_keys": false}""",
        """{"id": "json2", "indent": true}""",
        """{"id": "msgpack2"}""",
        """{"id": "msgpack2", "use_bin_type": false, "use_single_float": true}""",
        """{"id": "categorize", "labels": ["foo", "日本語", ""], "dtype": "|O", "astype": "<u2"}""",
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void RoundTripsItsKindOfItems(string config)
    {
        ObjectCodec codec = CodecRegistry.GetObjectCodec(config);
        foreach (ObjectArray array in SamplesFor(codec))
        {
            ObjectArray decoded = codec.Decode(codec.Encode(array));
            Assert.True(TaggedJson.DeepEquals(array, decoded), $"{codec}: {TaggedJson.FirstDifference(array, decoded)}");

            var writer = new ArrayBufferWriter<byte>();
            codec.Encode(array, writer);
            Assert.Equal(codec.Encode(array), writer.WrittenSpan.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void ConfigRoundTripsToAnEqualCodec(string config)
    {
        ObjectCodec codec = CodecRegistry.GetObjectCodec(config);
        ObjectCodec again = CodecRegistry.GetObjectCodec(codec.GetConfig());
        Assert.Equal(codec, again);
        Assert.Equal(codec.GetHashCode(), again.GetHashCode());
        Assert.Equal(codec.ToString(), again.ToString());
        Assert.True(CodecRegistry.IsObjectCodec(codec.GetConfig()));
        var error = Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec(codec.GetConfig()));
        Assert.Contains("GetObjectCodec", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void TruncatedInputThrowsAClearError(string config)
    {
        ObjectCodec codec = CodecRegistry.GetObjectCodec(config);
        if (codec is ObjectCategorizeCodec)
        {
            return; // codes carry no length: a shorter run of whole codes is a shorter array (the ragged case is below)
        }

        byte[] encoded = codec.Encode(SamplesFor(codec)[^1]);
        for (int length = 0; length < encoded.Length; length += Math.Max(1, encoded.Length / 300))
        {
            var error = Assert.ThrowsAny<NumCodecsException>(() => codec.Decode(encoded.AsSpan(0, length)));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void CorruptAndRandomInputNeverCrashes(string config)
    {
        ObjectCodec codec = CodecRegistry.GetObjectCodec(config);
        var random = new Random(17);
        byte[] encoded = codec.Encode(SamplesFor(codec)[^1]);
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] input = (byte[])encoded.Clone();
            for (int flips = 1 + random.Next(3); flips > 0; flips--)
            {
                int bit = random.Next(input.Length * 8);
                input[bit / 8] ^= (byte)(1 << (bit % 8));
            }

            DecodeOrReject(codec, input);
            byte[] noise = new byte[random.Next(0, 512)];
            random.NextBytes(noise);
            DecodeOrReject(codec, noise);
        }
    }

    [Fact]
    public void VLenCountsAreCheckedAgainstTheInputBeforeAnythingIsAllocated()
    {
        byte[] forged = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(forged, uint.MaxValue);
        foreach (ObjectCodec codec in new ObjectCodec[] { new VLenUtf8Codec(), new VLenBytesCodec(), new VLenArrayCodec(DType.Parse("<i8")) })
        {
            var error = Assert.Throws<CorruptDataException>(() => codec.Decode(forged));
            Assert.Contains("4294967295 items", error.Message, StringComparison.Ordinal);

            // An item length past the end.
            byte[] item = [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2];
            Assert.Contains("remain", Assert.Throws<CorruptDataException>(() => codec.Decode(item)).Message, StringComparison.Ordinal);
            Assert.Contains("shorter than", Assert.Throws<CorruptDataException>(() => codec.Decode([1, 0])).Message, StringComparison.Ordinal);
        }

        byte[] three = new VLenUtf8Codec().Encode(["a", "b", "c"]);
        Assert.Throws<DecodedLengthLimitException>(() => new VLenUtf8Codec { MaxItemCount = 2 }.Decode(three));
        Assert.Equal(3, new VLenUtf8Codec().WithMaxItemCount(3).Decode(three).Count);
    }

    [Fact]
    public void DeepNestingIsRefusedWithoutExhaustingTheStack()
    {
        string deepJson = new string('[', 200_000) + new string(']', 200_000);
        Assert.Contains("nesting", Assert.Throws<CorruptDataException>(() => new JsonCodec().Decode(System.Text.Encoding.ASCII.GetBytes(deepJson))).Message, StringComparison.Ordinal);

        byte[] deepMsgPack = new byte[200_000];
        deepMsgPack.AsSpan().Fill(0x91); // fixarray of one element, nested
        Assert.Throws<CorruptDataException>(() => new MsgPackCodec().Decode(deepMsgPack));

        // Encoding stops at the same limit: deep nesting, or a list that contains itself.
        object? deep = "leaf";
        for (int i = 0; i < 2000; i++)
        {
            deep = new List<object?> { deep };
        }

        var cyclic = new List<object?>();
        cyclic.Add(cyclic);
        foreach (ObjectCodec codec in new ObjectCodec[] { new JsonCodec(), new MsgPackCodec() })
        {
            Assert.Contains("1000 levels", Assert.Throws<ArgumentException>(() => codec.Encode(new ObjectArray([deep]))).Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() => codec.Encode(new ObjectArray([cyclic])));
        }

        byte[] hugeArray = [0xDD, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]; // array32 header claiming 2^32 - 1 items
        Assert.Throws<CorruptDataException>(() => new MsgPackCodec().Decode(hugeArray));
    }

    [Fact]
    public void ItemsTheFormatCannotHoldAreRefusedWithTheirIndex()
    {
        Assert.Contains("item 1", Assert.Throws<ArgumentException>(() => new VLenUtf8Codec().Encode(new ObjectArray(["a", 5L]))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new VLenUtf8Codec().Encode(["bad \ud800 surrogate"]));
        Assert.Throws<ArgumentException>(() => new VLenBytesCodec().Encode(new ObjectArray(["text"])));
        Assert.Throws<ArgumentException>(() => new VLenArrayCodec(DType.Parse("<i4")).Encode(new ObjectArray([new long[] { 1 }])));
        Assert.Throws<ArgumentException>(() => new VLenArrayCodec(DType.Parse("<i4")).Encode(new ObjectArray([new int[2, 2]])));
        Assert.Throws<ArgumentException>(() => new JsonCodec().Encode(new ObjectArray([new byte[] { 1 }])));
        Assert.Throws<ArgumentException>(() => new JsonCodec(allowNan: false).Encode(new ObjectArray([double.NaN])));
        Assert.Throws<ArgumentException>(() => new MsgPackCodec().Encode(new ObjectArray([System.Numerics.BigInteger.Pow(2, 64)])));
        Assert.Throws<ArgumentException>(() => new JsonCodec().Encode(new ObjectArray([1L], shape: [])));

        // numcodecs' missing values: None and anything equal to 0 become empty.
        Assert.Equal(["", "", "x"], new VLenUtf8Codec().DecodeStrings(new VLenUtf8Codec().Encode(new ObjectArray([null, 0L, "x"]))));
    }

    [Fact]
    public void VLenArrayKeepsTheDtypesByteOrder()
    {
        var bigEndian = new VLenArrayCodec(DType.Parse(">i2"));
        byte[] encoded = bigEndian.Encode<short>([[1, 258], null]);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 4, 0, 0, 0, 0, 1, 1, 2, 0, 0, 0, 0 }, encoded);
        short[][] decoded = bigEndian.DecodeArrays<short>(encoded);
        Assert.Equal([1, 258], decoded[0]);
        Assert.Empty(decoded[1]);
        Assert.Throws<ArgumentException>(() => bigEndian.DecodeArrays<int>(encoded));
        Assert.Contains("whole number", Assert.Throws<CorruptDataException>(() => bigEndian.Decode([1, 0, 0, 0, 3, 0, 0, 0, 1, 2, 3])).Message, StringComparison.Ordinal);
        Assert.Throws<CodecConfigException>(() => new VLenArrayCodec(DType.Parse("|O")));
    }

    [Theory]
    [InlineData("|b1", typeof(bool[]))]
    [InlineData("|i1", typeof(sbyte[]))]
    [InlineData(">i2", typeof(short[]))]
    [InlineData("<i4", typeof(int[]))]
    [InlineData("<i8", typeof(long[]))]
    [InlineData("|u1", typeof(byte[]))]
    [InlineData("<u2", typeof(ushort[]))]
    [InlineData(">u4", typeof(uint[]))]
    [InlineData("<u8", typeof(ulong[]))]
    [InlineData("<f2", typeof(Half[]))]
    [InlineData("<f4", typeof(float[]))]
    [InlineData(">f8", typeof(double[]))]
    [InlineData("<c16", typeof(System.Numerics.Complex[]))]
    [InlineData("<c8", typeof(byte[]))] // no .NET type: raw element bytes
    [InlineData("<M8[s]", typeof(byte[]))]
    public void VLenArrayDecodesEachDtypeToArraysOfItsElementType(string dtype, Type arrayType)
    {
        var codec = new VLenArrayCodec(DType.Parse(dtype));
        int itemSize = codec.DType.ItemSize;
        int perElement = arrayType == typeof(byte[]) ? itemSize : 1; // raw items hold the element's bytes
        byte[] encoded = [2, 0, 0, 0, .. BitConverter.GetBytes(2 * itemSize), .. new byte[2 * itemSize], 0, 0, 0, 0];

        ObjectArray decoded = codec.Decode(encoded);

        Assert.Equal(2, decoded.Count);
        Assert.IsType(arrayType, decoded[0]);
        Assert.Equal(2 * perElement, ((Array)decoded[0]!).Length);
        Assert.IsType(arrayType, decoded[1]);
        Assert.Empty((Array)decoded[1]!);
    }

    [Fact]
    public void JsonRebuildsShapeAndDtype()
    {
        var codec = new JsonCodec();
        var grid = new ObjectArray(["a", "b", "c", "d", "e", "f"], [2, 3]);
        Assert.Equal("""[["a","b","c"],["d","e","f"],"|O",[2,3]]""", System.Text.Encoding.UTF8.GetString(codec.Encode(grid)));
        Assert.True(TaggedJson.DeepEquals(grid, codec.Decode(codec.Encode(grid))));

        ObjectArray floats = codec.Decode("""[1,2.5,true,"<f4",[3]]"""u8);
        Assert.Equal(DType.Parse("<f4"), floats.DType);
        Assert.Equal([1.0, 2.5, 1.0], floats.Items.Cast<double>());
        Assert.Throws<CorruptDataException>(() => codec.Decode("""[1,2,"|O",[3]]"""u8));
        Assert.Throws<CorruptDataException>(() => codec.Decode("""[1,"x","<i8",[2]]"""u8));
        Assert.Throws<CorruptDataException>(() => codec.Decode("""[1,"|O",[1]] extra"""u8));
        Assert.Throws<CorruptDataException>(() => new JsonCodec().Decode("[\"tab\tinside\",\"|O\",[1]]"u8));
        Assert.Equal("tab\tinside", new JsonCodec(strict: false).Decode("[\"tab\tinside\",\"|O\",[1]]"u8)[0]);
    }

    [SkippableFact]
    public void FloatReprMatchesPythonForRandomDoubles()
    {
        const string python = "/usr/bin/python3";
        Skip.IfNot(File.Exists(python), "Python is not installed");
        var random = new Random(23);
        double[] values = new double[3000];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (i % 3) switch
            {
                0 => BitConverter.Int64BitsToDouble(random.NextInt64()),             // any bit pattern
                1 => Math.Round(random.NextDouble() * 1e6, random.Next(0, 8)),       // short decimals
                _ => Math.Pow(10, random.Next(-330, 310)) * random.Next(1, 10),      // every decimal exponent
            };
        }

        string input = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(input, values.Select(v => BitConverter.DoubleToInt64Bits(v).ToString(CultureInfo.InvariantCulture)));
            (int exitCode, string output) = ProcessRunner.Run(
                python, "-c", "import struct,sys\nfor line in open(sys.argv[1]): print(repr(struct.unpack('<d', struct.pack('<q', int(line)))[0]))", input);
            Assert.Equal(0, exitCode);
            string[] expected = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(values.Length, expected.Length);
            for (int i = 0; i < values.Length; i++)
            {
                Assert.True(expected[i] == PythonJson.FloatRepr(values[i]), $"bits {BitConverter.DoubleToInt64Bits(values[i])}: Python {expected[i]}, ours {PythonJson.FloatRepr(values[i])}");
            }
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static ObjectArray[] SamplesFor(ObjectCodec codec) => codec switch
    {
        ObjectCategorizeCodec => [new([]), ObjectArray.FromStrings(["foo", "日本語", "", "foo"]), ObjectArray.FromStrings(Enumerable.Range(0, 900).Select(i => i % 2 == 0 ? "foo" : ""))],
        VLenUtf8Codec => [new([]), ObjectArray.FromStrings(s_words), ObjectArray.FromStrings(Enumerable.Range(0, 2000).Select(i => s_words[i % 6]))],
        VLenBytesCodec => [new([]), new([new byte[] { 0, 255 }, Array.Empty<byte>(), new byte[100_000]]), new(Enumerable.Range(0, 500).Select(i => (object?)new byte[i % 37]))],
        VLenArrayCodec { DType.ItemSize: 4 } => [new([]), new([new[] { 1, -2, int.MaxValue }, Array.Empty<int>()]), new(Enumerable.Range(0, 300).Select(i => (object?)Enumerable.Range(0, i % 17).ToArray()))],
        VLenArrayCodec => [new([]), new([new[] { 1.5, double.MaxValue }, Array.Empty<double>()]), new(Enumerable.Range(0, 300).Select(i => (object?)new double[i % 13]))],
        MsgPackCodec { UseSingleFloat: true } => [new(["a", 1L, 0.5, null, true]), new(Enumerable.Range(0, 400).Select(i => (object?)(i * 1000L)))],
        _ => [
            new([]),
            new(["a", 1L, -2L, ulong.MaxValue, 0.1, null, true, new List<object?> { 1L, "x" }, new Dictionary<string, object?> { ["k"] = 2.5 }]),
            new(s_words.Take(6).Cast<object?>(), [2, 3]),
            new(Enumerable.Range(0, 400).Select(i => (object?)$"item {i}")),
        ],
    };

    private static void DecodeOrReject(ObjectCodec codec, byte[] input)
    {
        try
        {
            _ = codec.Decode(input);
        }
        catch (NumCodecsException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }
}
