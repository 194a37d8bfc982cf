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
