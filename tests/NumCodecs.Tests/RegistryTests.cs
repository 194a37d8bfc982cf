using System.Text.Json;
using System.Text.Json.Nodes;

namespace NumCodecs.Tests;

public sealed class RegistryTests
{
    [Fact]
    public void BuiltInsAreRegistered()
    {
        Assert.Equal(["blosc", "gzip", "lz4", "zlib", "zstd"], CodecRegistry.CodecIds.Where(id => id is "blosc" or "gzip" or "lz4" or "zlib" or "zstd"));
    }

    [Fact]
    public void DefaultsAreNumcodecsDefaults()
    {
        Assert.Equal("""{"id":"blosc","cname":"lz4","clevel":5,"shuffle":1,"blocksize":0}""", CodecRegistry.GetCodec("""{"id":"blosc"}""").GetConfig().ToJsonString());
        Assert.Equal("""{"id":"zstd","level":1}""", CodecRegistry.GetCodec("""{"id":"zstd"}""").GetConfig().ToJsonString());
        Assert.Equal("""{"id":"lz4","acceleration":1}""", CodecRegistry.GetCodec("""{"id":"lz4"}""").GetConfig().ToJsonString());
        Assert.Equal("""{"id":"zlib","level":1}""", CodecRegistry.GetCodec("""{"id":"zlib"}""").GetConfig().ToJsonString());
        Assert.Equal("""{"id":"gzip","level":1}""", CodecRegistry.GetCodec("""{"id":"gzip"}""").GetConfig().ToJsonString());
    }

    [Fact]
    public void ReprsLookLikeNumcodecs()
    {
        Assert.Equal("Zstd(level=3)", CodecRegistry.GetCodec("""{"id":"zstd","level":3}""").ToString());
        Assert.Equal("Zstd(level=3, checksum=True)", CodecRegistry.GetCodec("""{"id":"zstd","level":3,"checksum":true}""").ToString());
        Assert.Equal("LZ4(acceleration=2)", CodecRegistry.GetCodec("""{"id":"lz4","acceleration":2}""").ToString());
        Assert.Equal("Zlib(level=9)", CodecRegistry.GetCodec("""{"id":"zlib","level":9}""").ToString());
        Assert.Equal("GZip(level=5)", CodecRegistry.GetCodec("""{"id":"gzip","level":5}""").ToString());
    }

    [Fact]
    public void UnknownIdNamesIt()
    {
        var error = Assert.Throws<UnknownCodecException>(() => CodecRegistry.GetCodec("""{"id":"no-such-codec"}"""));
        Assert.Equal("no-such-codec", error.CodecId);
        Assert.Contains("'no-such-codec'", error.Message, StringComparison.Ordinal);
        Assert.Contains("blosc", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"blosc","cname":"snappy"}""", "cname")]
    [InlineData("""{"id":"blosc","cname":5}""", "cname")]
    [InlineData("""{"id":"blosc","clevel":10}""", "clevel")]
    [InlineData("""{"id":"blosc","clevel":-1}""", "clevel")]
    [InlineData("""{"id":"blosc","clevel":"5"}""", "clevel")]
    [InlineData("""{"id":"blosc","shuffle":3}""", "shuffle")]
    [InlineData("""{"id":"blosc","shuffle":1.5}""", "shuffle")]
    [InlineData("""{"id":"blosc","blocksize":-1}""", "blocksize")]
    [InlineData("""{"id":"blosc","typesize":300}""", "typesize")]
    [InlineData("""{"id":"blosc","compressor":"lz4"}""", "compressor")]
    [InlineData("""{"id":"zstd","level":3.5}""", "level")]
    [InlineData("""{"id":"zstd","checksum":1}""", "checksum")]
    [InlineData("""{"id":"zlib","level":10}""", "level")]
    [InlineData("""{"id":"gzip","level":-2}""", "level")]
    [InlineData("""{"id":"lz4","acceleration":1e10}""", "acceleration")]
    [InlineData("""{"id":5}""", "id")]
    [InlineData("""{"level":1}""", "id")]
    public void InvalidConfigsNameTheKey(string json, string key)
    {
        var error = Assert.ThrowsAny<CodecConfigException>(() => CodecRegistry.GetCodec(json));
        Assert.Equal(key, error.Key);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    public void NonObjectsAreRejected(string json)
    {
        Assert.ThrowsAny<CodecConfigException>(() => CodecRegistry.GetCodec(json));
    }

    [Fact]
    public void PickleIsRefusedWithTheReason()
    {
        var error = Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec("""{"id":"pickle","protocol":5}"""));
        Assert.IsNotType<UnknownCodecException>(error);
        Assert.Contains("arbitrary code", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pickle", CodecRegistry.CodecIds);
    }

    [Fact]
    public void JsonElementsWork()
    {
        using JsonDocument document = JsonDocument.Parse("""{"compressor":{"id":"zstd","level":5}}""");
        Assert.Equal(new ZstdCodec(5), CodecRegistry.GetCodec(document.RootElement.GetProperty("compressor")));
    }

    [Fact]
    public void EqualityIsByConfig()
    {
        Assert.Equal(new BloscCodec("zstd", 3), CodecRegistry.GetCodec("""{"id":"blosc","cname":"zstd","clevel":3,"shuffle":1,"blocksize":0}"""));
        Assert.NotEqual<Codec>(new BloscCodec("zstd", 3), new BloscCodec("zstd", 4));
        Assert.NotEqual<Codec>(new ZlibCodec(1), new GZipCodec(1));
        Assert.Equal(new ZstdCodec(3).GetHashCode(), new ZstdCodec(3).GetHashCode());
    }

    [Fact]
    public void EditingTheConfigAfterwardsDoesNotChangeTheCodec()
    {
        var config = new JsonObject { ["id"] = "zstd", ["level"] = 4 };
        Codec codec = CodecRegistry.GetCodec(config);
        config["level"] = 9;
        Assert.Equal(4, (int)codec.GetConfig()["level"]!);
    }

    [Fact]
    public void ThirdPartiesRegisterTheirOwnCodecs()
    {
        CodecRegistry.Register("test.reverse", config => new ReverseCodec());
        Assert.True(CodecRegistry.IsRegistered("test.reverse"));
        Codec codec = CodecRegistry.GetCodec("""{"id":"test.reverse"}""");
        Assert.Equal(new byte[] { 3, 2, 1 }, codec.Encode(new byte[] { 1, 2, 3 }));
        Assert.Equal(new byte[] { 1, 2, 3 }, codec.Decode(new byte[] { 3, 2, 1 }));
    }

    /// <summary>A third-party codec (also used by the v3 registry tests): reverses the bytes.</summary>
    internal sealed class ReverseCodec : Codec
    {
        public override string CodecId => "test.reverse";

        public override JsonObject GetConfig() => new() { ["id"] = CodecId };

        public override int GetMaxEncodedLength(int sourceLength) => sourceLength;

        public override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
        {
            length = source.Length;
            return true;
        }

        protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten) =>
            Reverse(source, destination, out bytesWritten);

        protected override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten) =>
            Reverse(source, destination, out bytesWritten);

        private static bool Reverse(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
        {
            bytesWritten = 0;
            if (destination.Length < source.Length)
            {
                return false;
            }

            source.CopyTo(destination);
            destination[..source.Length].Reverse();
            bytesWritten = source.Length;
            return true;
        }
    }
}
