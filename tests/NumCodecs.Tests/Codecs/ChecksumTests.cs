using System.Buffers.Binary;
using System.Text;

namespace NumCodecs.Tests.Codecs;

/// <summary>Published vectors for the checksums numcodecs 0.11 does not have (sources in tests/fixtures/README.md).</summary>
public sealed class ChecksumTests
{
    private static readonly byte[] s_fourScore = Encoding.ASCII.GetBytes("Four score and seven years ago");

    [Fact]
    public void Crc32CHasItsCheckValue()
    {
        byte[] check = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xE3069283u, new Crc32CCodec().ComputeChecksum(check));

        byte[] encoded = new Crc32CCodec().Encode(check);
        Assert.Equal(check, encoded[..9]); // numcodecs' default for crc32c: checksum at the end
        Assert.Equal(0xE3069283u, BinaryPrimitives.ReadUInt32LittleEndian(encoded.AsSpan(9)));
        Assert.Equal(0xE3069283u, BinaryPrimitives.ReadUInt32LittleEndian(new Crc32CCodec(ChecksumLocation.Start).Encode(check)));
    }

    [Fact]
    public void Crc32CMatchesAByteWiseComputation()
    {
        // The hardware path takes 8 bytes at a time; every length 0-40 exercises the word loop and the byte tail.
        byte[] data = TestData.RandomBytes(40);
        for (int length = 0; length <= data.Length; length++)
        {
            Assert.Equal(BitwiseCrc32C(data.AsSpan(0, length)), new Crc32CCodec().ComputeChecksum(data.AsSpan(0, length)));
        }
    }

    [Theory]
    [InlineData("", 0u, 0xDEADBEEFu)]
    [InlineData("", 0xDEADBEEFu, 0xBD5B7DDEu)]
    [InlineData("Four score and seven years ago", 0u, 0x17770551u)]
    [InlineData("Four score and seven years ago", 1u, 0xCD628161u)]
    [InlineData("jenkins", 0u, 202276345u)]
    public void Lookup3HasItsPublishedValues(string text, uint seed, uint expected)
    {
        Assert.Equal(expected, new JenkinsLookup3Codec(seed).ComputeChecksum(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Lookup3CodecAppendsLittleEndianAndHonoursSeedAndPrefix()
    {
        Assert.Equal(new byte[] { 0x51, 0x05, 0x77, 0x17 }, new JenkinsLookup3Codec().Encode(s_fourScore)[^4..]);
        Assert.Equal(new byte[] { 0xd7, 0x5a, 0xe2, 0x0e }, new JenkinsLookup3Codec(1230).Encode(s_fourScore)[^4..]);

        var prefixed = new JenkinsLookup3Codec(1230, Encoding.ASCII.GetBytes("Hello world"));
        Assert.Equal(s_fourScore, prefixed.Decode(prefixed.Encode(s_fourScore)));
        Assert.Equal(
            new JenkinsLookup3Codec(1230).ComputeChecksum([.. Encoding.ASCII.GetBytes("Hello world"), .. s_fourScore]),
            prefixed.ComputeChecksum(s_fourScore));
    }

    [Fact]
    public void Lookup3ReproducesAnHdf5FixedArrayDataBlock()
    {
        // An HDF5 fixed-array data block ("FADB"): its checksum covers the signature prefix and the chunk index.
        byte[] prefix = [.. "FADB"u8, 0x00, 0x01, 0xcf, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        var index = new List<byte>();
        void Add(long value) => index.AddRange(BitConverter.GetBytes(value));
        Add(0x0800);
        long[] offsets = [0x17f7, 0x27ee, 0x37e5, 0x47dc, 0x57d3, 0x67ca, 0x77c1, 0x87b8, 0x97af, 0xa7a6, 0xb79d, 0xc794, 0xd78b, 0xe782, 0xf779];
        Add(0x0ff7);
        foreach (long offset in offsets)
        {
            Add(offset);
            Add(0x0ff7);
        }

        byte[] encoded = new JenkinsLookup3Codec(prefix: prefix).Encode(index.ToArray());
        Assert.Equal(new byte[] { (byte)'n', 0x96, 0x07, 0x85 }, encoded[^4..]);
    }

    [Fact]
    public void Fletcher32AcceptsAChunkWrittenByHdf5()
    {
        long[] values = [1911, -2427, 1897, -2412, 2440, 873, -621, -829, 551, -2118];
        byte[] chunk = [.. values.SelectMany(BitConverter.GetBytes), 0xfd, 0x25, 0x86, 0x64];

        byte[] decoded = new Fletcher32Codec().Decode(chunk);

        Assert.Equal(values.SelectMany(BitConverter.GetBytes).ToArray(), decoded);
        Assert.Equal(chunk, new Fletcher32Codec().Encode(decoded));
    }

    [Fact]
    public void Fletcher32HandlesOddLengthsAndLongInputs()
    {
        // An odd last byte is the high byte of a word; more than 360 words fold the sums.
        var codec = new Fletcher32Codec();
        Assert.Equal(ReferenceFletcher32([0x12]), codec.ComputeChecksum([0x12]));
        byte[] long_ = TestData.RandomBytes(5001);
        Assert.Equal(ReferenceFletcher32(long_), codec.ComputeChecksum(long_));
    }

    [Fact]
    public void AMismatchNamesBothChecksums()
    {
        byte[] encoded = new Crc32Codec().Encode(s_fourScore);
        encoded[10] ^= 1;
        var error = Assert.Throws<ChecksumMismatchException>(() => new Crc32Codec().Decode(encoded));
        Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(encoded), error.Stored);
        Assert.Equal(new Crc32Codec().ComputeChecksum(encoded.AsSpan(4)), error.Computed);
        Assert.Contains($"stored {error.Stored}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"computed {error.Computed}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigsAreNumcodecs()
    {
        Assert.Equal("""{"id":"crc32"}""", new Crc32Codec().GetConfig().ToJsonString());
        Assert.Equal("""{"id":"crc32","location":"end"}""", new Crc32Codec(ChecksumLocation.End).GetConfig().ToJsonString());
        Assert.Equal("""{"id":"crc32c"}""", CodecRegistry.GetCodec("""{"id":"crc32c"}""").GetConfig().ToJsonString());
        Assert.Equal("""{"id":"jenkins_lookup3","initval":0,"prefix":null}""", new JenkinsLookup3Codec().GetConfig().ToJsonString());
        Assert.Equal("""{"id":"jenkins_lookup3","initval":7,"prefix":[1,2]}""", new JenkinsLookup3Codec(7, [1, 2]).GetConfig().ToJsonString());
        Assert.Equal("CRC32(location='end')", new Crc32Codec(ChecksumLocation.End).ToString());
        Assert.Equal("Adler32()", new Adler32Codec().ToString());
        Assert.Equal("JenkinsLookup3(initval=0, prefix=None)", new JenkinsLookup3Codec().ToString());
        Assert.Equal("location", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"adler32","location":"middle"}""")).Key);
        Assert.Equal("prefix", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"jenkins_lookup3","prefix":[300]}""")).Key);
        Assert.Equal("initval", Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"jenkins_lookup3","initval":-1}""")).Key);
    }

    private static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        const uint Polynomial = 0x82F63B78; // CRC-32C, reflected
        uint crc = uint.MaxValue;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>HDF5's Fletcher-32 written out longhand with 64-bit sums reduced modulo 65535 at the end.</summary>
    private static uint ReferenceFletcher32(byte[] data)
    {
        ulong sum1 = 0, sum2 = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum1 += (ulong)((data[i] << 8) | data[i + 1]);
            sum2 += sum1;
        }

        if (data.Length % 2 != 0)
        {
            sum1 += (ulong)data[^1] << 8;
            sum2 += sum1;
        }

        static ulong Reduce(ulong x)
        {
            while (x > 0xffff)
            {
                x = (x & 0xffff) + (x >> 16);
            }

            return x;
        }

        return (uint)((Reduce(sum2) << 16) | Reduce(sum1));
    }
}

public sealed class Crc32ContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } = [new Crc32Codec(), new Crc32Codec(ChecksumLocation.End)];

    // The CRC of an empty payload is 0, so four zero bytes cut from a run of zeros read as a valid empty payload.
    protected override bool DetectsEveryTruncation => false;
}

public sealed class Adler32ContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } = [new Adler32Codec(), new Adler32Codec(ChecksumLocation.End)];

    protected override bool DetectsEveryTruncation => false;
}

public sealed class Crc32CContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } = [new Crc32CCodec(), new Crc32CCodec(ChecksumLocation.Start)];

    // As for CRC-32: four zero bytes are a valid checksummed empty payload.
    protected override bool DetectsEveryTruncation => false;
}

public sealed class Fletcher32ContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } = [new Fletcher32Codec()];

    protected override bool DetectsEveryTruncation => false;
}

public sealed class JenkinsLookup3ContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } = [new JenkinsLookup3Codec(), new JenkinsLookup3Codec(99, [1, 2, 3])];
}
