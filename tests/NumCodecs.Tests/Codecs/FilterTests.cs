using System.Buffers.Binary;
using System.Text;

namespace NumCodecs.Tests.Codecs;

public sealed class FilterTests
{
    [Fact]
    public void ShuffleTransposesElementBytes()
    {
        byte[] data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        Assert.Equal(new byte[] { 1, 5, 9, 2, 6, 10, 3, 7, 11, 4, 8, 12 }, new ShuffleCodec(4).Encode(data));
        Assert.Equal(data, new ShuffleCodec(4).Decode(new ShuffleCodec(4).Encode(data)));
        Assert.Equal(data, new ShuffleCodec(1).Encode(data));
        Assert.Throws<ArgumentException>(() => new ShuffleCodec(8).Encode(data));
        Assert.Throws<CorruptDataException>(() => new ShuffleCodec(8).Decode(data));
    }

    [Fact]
    public void PackBitsStoresThePaddingAndBitsMostSignificantFirst()
    {
        // numcodecs' docstring example: [True, False, False, True] -> [4, 144].
        Assert.Equal(new byte[] { 4, 144 }, new PackBitsCodec().Encode(new byte[] { 1, 0, 0, 1 }));
        Assert.Equal(new byte[] { 1, 0, 0, 1 }, new PackBitsCodec().Decode(new byte[] { 4, 144 }));
        Assert.Equal(new byte[] { 0 }, new PackBitsCodec().Encode(ReadOnlySpan<byte>.Empty));
        Assert.Equal(new byte[] { 1, 0, 1 }, new PackBitsCodec().Decode(new PackBitsCodec().Encode(new byte[] { 7, 0, 255 }))); // nonzero is true
        Assert.Throws<CorruptDataException>(() => new PackBitsCodec().Decode(new byte[] { 8, 0 }));
        Assert.Throws<CorruptDataException>(() => new PackBitsCodec().Decode(new byte[] { 3 }));
        bool[] flags = [true, false, true, true, false, false, false, true, true];
        byte[] encoded = new PackBitsCodec().Encode<bool>(flags);
        bool[] decoded = new bool[flags.Length];
        Assert.Equal(flags.Length, new PackBitsCodec().Decode<bool>(encoded, decoded));
        Assert.Equal(flags, decoded);
    }

    [Fact]
    public void Base64SkipsCharactersOutsideTheAlphabetAsPythonDoes()
    {
        var codec = new Base64Codec();
        byte[] text = codec.Encode(Encoding.ASCII.GetBytes("numcodecs!"));
        Assert.Equal("bnVtY29kZWNzIQ==", Encoding.ASCII.GetString(text));
        Assert.Equal("numcodecs!", Encoding.ASCII.GetString(codec.Decode(Encoding.ASCII.GetBytes("bnVtY29k\nZWNzIQ==\n"))));
        var error = Assert.Throws<CorruptDataException>(() => codec.Decode(Encoding.ASCII.GetBytes("bnVtY29kZWNzIQ=")));
        Assert.Contains("padding", error.Message, StringComparison.Ordinal);
    }
}

public sealed class FilterKernelTests
{
    [Fact]
    public void ShuffleKernelsMatchThePlainTranspose()
    {
        var random = new Random(31);
        foreach (int elementSize in new[] { 2, 3, 4, 5, 7, 8, 12, 16, 17, 32 })
        {
            foreach (int elements in new[] { 1, 15, 16, 33, 1000, 4099 })
            {
                byte[] data = new byte[elements * elementSize];
                random.NextBytes(data);
                byte[] expected = new byte[data.Length];
                ShuffleCodec.ScalarTranspose(data, expected, elementSize);
                var codec = new ShuffleCodec(elementSize);
                byte[] shuffled = codec.Encode(data);
                Assert.True(expected.AsSpan().SequenceEqual(shuffled), $"elementsize {elementSize}, {elements} elements");

                byte[] unshuffled = new byte[data.Length];
                ShuffleCodec.ScalarTranspose(shuffled, unshuffled, elements);
                Assert.Equal(data, unshuffled);
                Assert.Equal(data, codec.Decode(shuffled));
            }
        }

        byte[] buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => new ShuffleCodec(4).TryEncode(buffer.AsSpan(0, 32), buffer.AsSpan(16, 32), out _));
    }

    [Fact]
    public void BitRoundVectorsMatchTheScalarArithmetic()
    {
        var random = new Random(41);
        foreach ((int itemSize, int mantissaBits) in new[] { (2, 10), (4, 23), (8, 52) })
        {
            byte[] data = new byte[itemSize * 1003]; // not a whole number of vectors
            random.NextBytes(data);
            for (int keepBits = 0; keepBits < mantissaBits; keepBits++)
            {
                byte[] expected = (byte[])data.Clone();
                BitRoundCodec.ScalarRound(expected, itemSize, mantissaBits - keepBits);
                byte[] actual = new BitRoundCodec(keepBits).Encode(data, itemSize);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"item size {itemSize}, keepbits {keepBits}");
            }
        }
    }

    public static TheoryData<string> DeltaTypes() => ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8"];

    [Theory]
    [MemberData(nameof(DeltaTypes))]
    public void DeltaTypedPathMatchesTheElementPath(string type)
    {
        // '<' takes the typed (vectorised) path; '>' the element-by-element one, on byte-swapped data. Both must agree.
        var random = new Random(type.GetHashCode(StringComparison.Ordinal));
        int size = int.Parse(type[1..], System.Globalization.CultureInfo.InvariantCulture);
        byte[] little = new byte[size * 1001];
        random.NextBytes(little);
        if (type[0] == 'f')
        {
            // Finite values of mixed magnitude, so that differences round.
            for (int i = 0; i < little.Length / size; i++)
            {
                double value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 6));
                if (size == 4)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(little.AsSpan(i * 4), (float)value);
                }
                else
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(little.AsSpan(i * 8), value);
                }
            }
        }

        byte[] big = Swap(little, size);
        string order = size == 1 ? "|" : "<";
        var typed = new DeltaCodec(DType.Parse(order + type));
        var element = new DeltaCodec(DType.Parse((size == 1 ? "|" : ">") + type));
        byte[] encoded = typed.Encode(little);
        Assert.Equal(Swap(element.Encode(big), size), encoded);
        if (type[0] != 'f')
        {
            Assert.Equal(little, typed.Decode(encoded)); // floats only round-trip approximately, as in numpy
        }

        Assert.Equal(Swap(element.Decode(Swap(encoded, size)), size), typed.Decode(encoded));
    }

    private static byte[] Swap(byte[] data, int size)
    {
        byte[] swapped = (byte[])data.Clone();
        for (int i = 0; i < swapped.Length; i += size)
        {
            swapped.AsSpan(i, size).Reverse();
        }

        return swapped;
    }
}

public sealed class ShuffleContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } = [new ShuffleCodec(), new ShuffleCodec(8), new ShuffleCodec(1)];

    // Whole elements only: every sample is a multiple of 8 bytes.
    protected override IReadOnlyList<byte[]> Samples { get; } = TestData.Samples.Where(s => s.Length % 8 == 0).ToArray();

    protected override bool EncodesEmptyToBytes => false;

    protected override bool DetectsEveryTruncation => false; // a filter has no integrity check
}

public sealed class PackBitsContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } = [new PackBitsCodec()];

    // Booleans, as numpy stores them: one byte each, 0 or 1.
    protected override IReadOnlyList<byte[]> Samples { get; } =
        TestData.Samples.Select(s => s.Select(b => (byte)(b & 1)).ToArray()).ToArray();

    protected override bool RoundTripsAnyBytes => false;

    protected override bool DetectsEveryTruncation => false;
}

public sealed class Base64ContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } = [new Base64Codec()];

    protected override bool EncodesEmptyToBytes => false;

    protected override bool DetectsEveryTruncation => false; // a prefix of whole 4-character groups is valid base64
}

public sealed class NumericFilterTests
{
    [Fact]
    public void DeltaWrapsIntegersAsNumpyDoes()
    {
        var codec = new DeltaCodec(DType.Parse("|u1"));
        byte[] encoded = codec.Encode(new byte[] { 250, 3, 3, 0 });
        Assert.Equal(new byte[] { 250, 9, 0, 253 }, encoded); // 3 - 250 wraps to 9, 0 - 3 to 253
        Assert.Equal(new byte[] { 250, 3, 3, 0 }, codec.Decode(encoded));
    }

    [Fact]
    public void DeltaStoresNarrowerDifferencesAndReadsBothByteOrders()
    {
        long[] values = [1000, 1003, 990, 990, 1100];
        var codec = new DeltaCodec(DType.Parse("<i8"), DType.Parse(">i2"));
        byte[] encoded = codec.Encode<long>(values);
        Assert.Equal(10, encoded.Length);
        Assert.Equal(new byte[] { 0x03, 0xe8, 0x00, 0x03, 0xff, 0xf3, 0x00, 0x00, 0x00, 0x6e }, encoded);
        long[] decoded = new long[values.Length];
        codec.Decode<long>(encoded, decoded);
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void AsTypeTruncatesFloatsTowardZeroAndKeepsLowIntegerBits()
    {
        var toInt = new AsTypeCodec(DType.Parse("<i4"), DType.Parse("<f8"));
        int[] stored = new int[4];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(toInt.Encode<double>([1.9, -1.9, 0.5, -0.5])).CopyTo(stored);
        Assert.Equal([1, -1, 0, 0], stored);

        var narrow = new AsTypeCodec(DType.Parse("<i2"), DType.Parse("<i8"));
        short[] low = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(narrow.Encode<long>([70_000, -1])).ToArray();
        Assert.Equal([4464, -1], low); // 70,000 mod 65,536 = 4,464
    }

    [Fact]
    public void NumericFiltersRejectNonNumericDtypes()
    {
        Assert.Equal("dtype", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"delta","dtype":"|S4"}""")).Key);
        Assert.Equal("dtype", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"delta"}""")).Key);
        Assert.Equal("astype", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"delta","dtype":"<i4","astype":"float"}""")).Key);
        Assert.Equal("encode_dtype", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"astype","decode_dtype":"<f8"}""")).Key);
        Assert.Equal("Delta(dtype='<i8', astype='<i2')", new DeltaCodec(DType.Parse("<i8"), DType.Parse("<i2")).ToString());
        Assert.Equal("AsType(encode_dtype='<f4', decode_dtype='<f8')", new AsTypeCodec(DType.Parse("<f4"), DType.Parse("<f8")).ToString());
    }
}

public sealed class DeltaContractTests : CodecContractTests
{
    // Integer deltas in their own dtype are lossless for any bytes (the arithmetic wraps).
    protected override IReadOnlyList<Codec> Codecs { get; } =
        [new DeltaCodec(DType.Parse("<i8")), new DeltaCodec(DType.Parse(">i4")), new DeltaCodec(DType.Parse("|u1"))];

    protected override IReadOnlyList<byte[]> Samples { get; } = TestData.Samples.Where(s => s.Length % 8 == 0).ToArray();

    protected override bool EncodesEmptyToBytes => false;

    protected override bool DetectsEveryTruncation => false; // a filter has no integrity check
}

public sealed class AsTypeContractTests : CodecContractTests
{
    // Same-width integer casts (a byte swap, a sign change) are lossless for any bytes.
    protected override IReadOnlyList<Codec> Codecs { get; } =
        [new AsTypeCodec(DType.Parse(">u4"), DType.Parse("<u4")), new AsTypeCodec(DType.Parse("<i8"), DType.Parse("<u8"))];

    protected override IReadOnlyList<byte[]> Samples { get; } = TestData.Samples.Where(s => s.Length % 8 == 0).ToArray();

    protected override bool EncodesEmptyToBytes => false;

    protected override bool DetectsEveryTruncation => false;
}

/// <summary>
/// The lossy float filters. The shared contract's byte-level round trips do not apply (decoding returns the rounded
/// values and bitround needs a float item size), so their contract is checked here: the reference fixtures pin their
/// output, and these tests pin rounding, configs, sizes and bad input.
/// </summary>
public sealed class LossyFilterTests
{
    [Fact]
    public void BitRoundRoundsHalfToEvenAndKeepsFullPrecisionUnchanged()
    {
        float[] values = [1.0f + (3f / 16f), 1.0f + (5f / 16f), 3.14159265f, -2.71828f];
        float[] rounded = new float[values.Length];
        new BitRoundCodec(2).Decode<float>(new BitRoundCodec(2).Encode<float>(values), rounded);
        Assert.Equal([1.25f, 1.25f, 3.0f, -2.5f], rounded); // 1.1875 -> 1.25 (up), 1.3125 -> 1.25 (tie to even)
        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), new BitRoundCodec(23).Encode<float>(values));
        Assert.Throws<ArgumentException>(() => new BitRoundCodec(24).Encode<float>(values));
        Assert.Throws<ArgumentException>(() => new BitRoundCodec(3).Encode(new byte[] { 1, 2, 3 })); // no float item size
        Assert.Empty(new BitRoundCodec(3).Encode<double>([]));
    }

    [Fact]
    public void QuantizeUsesAPowerOfTwoStep()
    {
        var codec = new QuantizeCodec(1, DType.Parse("<f8"));
        double[] decoded = new double[3];
        codec.Decode<double>(codec.Encode<double>([0.1, 0.123, 12.34]), decoded);
        // digits=1: step 2^-4 = 0.0625.
        Assert.Equal([0.125, 0.125, 12.3125], decoded);
        Assert.Equal("quantize works on floats only; \"dtype\" is <i4.", Assert.Throws<CodecConfigException>(() => new QuantizeCodec(1, DType.Parse("<i4"))).Message);
    }

    [Fact]
    public void ConfigsRoundTrip()
    {
        foreach (Codec codec in new Codec[] { new BitRoundCodec(7), new QuantizeCodec(3, DType.Parse("<f8"), DType.Parse("<f4")) })
        {
            Assert.Equal(codec, CodecRegistry.GetCodec(codec.GetConfig().ToJsonString()));
        }

        Assert.Equal("keepbits", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"bitround"}""")).Key);
        Assert.Equal("keepbits", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"bitround","keepbits":-1}""")).Key);
        Assert.Equal("digits", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"quantize","dtype":"<f8"}""")).Key);
        Assert.Equal("Quantize(digits=3, dtype='<f8', astype='<f4')", new QuantizeCodec(3, DType.Parse("<f8"), DType.Parse("<f4")).ToString());
    }

    [Fact]
    public void SmallDestinationsAndRaggedInputsAreRefused()
    {
        var quantize = new QuantizeCodec(2, DType.Parse("<f4"));
        byte[] encoded = quantize.Encode<float>([1f, 2f]);
        Assert.False(quantize.TryDecode(encoded, new byte[7], out _));
        Assert.False(quantize.TryEncode<float>([1f, 2f], new byte[7], out _));
        Assert.Throws<CorruptDataException>(() => quantize.Decode(new byte[] { 1, 2, 3 }));
        Assert.False(new BitRoundCodec(3).TryEncode<float>([1f], new byte[3], out _));
    }
}

public sealed class CategorizeTests
{
    private static byte[] Text(params string[] items) =>
        items.SelectMany(item => Encoding.UTF32.GetBytes(item.PadRight(6, '\0'))).ToArray(); // '<U6', little-endian UCS-4

    [Fact]
    public void EncodesLabelIndicesAndZeroForUnknownText()
    {
        var codec = new CategorizeCodec(["female", "male"], DType.Parse("<U6"));
        byte[] encoded = codec.Encode(Text("male", "female", "other", "", "male"));
        Assert.Equal(new byte[] { 2, 1, 0, 0, 2 }, encoded);
        Assert.Equal(Text("male", "female", "", "", "male"), codec.Decode(encoded));
    }

    [Fact]
    public void ConfigsAndReprsAreNumcodecs()
    {
        var codec = new CategorizeCodec(["a", "b", "c", "d"], DType.Parse("<U1"), DType.Parse("<u2"));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse("""{"id":"categorize","labels":["a","b","c","d"],"dtype":"<U1","astype":"<u2"}"""),
            codec.GetConfig()));
        Assert.Equal(codec, CodecRegistry.GetCodec(codec.GetConfig()));
        Assert.Equal("Categorize(dtype='<U1', astype='<u2', labels=['a', 'b', 'c', ...])", codec.ToString());
        // Object arrays are for the object codec: the byte registry says where to go, the byte codec refuses the dtype.
        var objectConfig = Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"categorize","labels":["x"],"dtype":"|O"}"""));
        Assert.Equal("id", objectConfig.Key);
        Assert.Contains("GetObjectCodec", objectConfig.Message, StringComparison.Ordinal);
        Assert.Equal("dtype", Assert.Throws<CodecConfigException>(() => new CategorizeCodec(["x"], DType.Parse("|O"))).Key);
        Assert.IsType<ObjectCategorizeCodec>(CodecRegistry.GetObjectCodec("""{"id":"categorize","labels":["x"],"dtype":"|O"}"""));
        Assert.Equal("labels", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"categorize","labels":[1],"dtype":"<U2"}""")).Key);
        Assert.Equal("labels", Assert.Throws<CodecConfigException>(() => new CategorizeCodec(Enumerable.Range(0, 256).Select(i => $"{i}"), DType.Parse("<U3"))).Key);
    }

    [Fact]
    public void RaggedInputsAndSmallDestinationsAreRefused()
    {
        var codec = new CategorizeCodec(["female", "male"], DType.Parse("<U6"));
        Assert.Throws<ArgumentException>(() => codec.Encode(new byte[5]));
        Assert.False(codec.TryDecode(new byte[] { 1, 2 }, new byte[47], out _));
        Assert.Empty(codec.Decode(ReadOnlySpan<byte>.Empty));
    }
}

public sealed class FixedScaleOffsetTests
{
    [Fact]
    public void RoundsHalfToEvenAndDecodesBack()
    {
        var codec = new FixedScaleOffsetCodec(1000, 10, DType.Parse("<f8"), DType.Parse("|u1"));
        byte[] encoded = codec.Encode<double>([1000.25, 1000.35, 1001.0, 1025.5]);
        Assert.Equal(new byte[] { 2, 4, 10, 255 }, encoded); // 2.5 -> 2 and 3.5 -> 4 (half to even); 255 fits
        double[] decoded = new double[4];
        codec.Decode<double>(encoded, decoded);
        Assert.Equal([1000.2, 1000.4, 1001.0, 1025.5], decoded);
    }

    [Fact]
    public void ConfigsKeepTheNumbersAsWritten()
    {
        const string Json = """{"id":"fixedscaleoffset","offset":1000,"scale":10.0,"dtype":"<f8","astype":"<u2"}""";
        Codec codec = CodecRegistry.GetCodec(Json);
        Assert.Equal("10.0", codec.GetConfig()["scale"]!.ToJsonString());
        Assert.Equal("1000", codec.GetConfig()["offset"]!.ToJsonString());
        Assert.Equal("FixedScaleOffset(scale=10.0, offset=1000, dtype='<f8', astype='<u2')", codec.ToString());
        Assert.Equal(codec, CodecRegistry.GetCodec(codec.GetConfig()));
        Assert.Equal("scale", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"fixedscaleoffset","offset":1,"scale":"x","dtype":"<f8"}""")).Key);
        Assert.Equal("offset", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"fixedscaleoffset","scale":1,"dtype":"<f8"}""")).Key);
    }
}
