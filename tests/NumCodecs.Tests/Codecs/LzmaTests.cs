using System.Text.Json.Nodes;

namespace NumCodecs.Tests.Codecs;

/// <summary>LZMA's config rules, container formats and Python's multi-stream semantics.</summary>
public sealed class LzmaTests
{
    private static readonly byte[] s_sample = TestData.SmoothFloats(50_000);

    public static TheoryData<string, string> InvalidConfigs() => new()
    {
        { """{"id": "lzma", "format": 4}""", "format" },
        { """{"id": "lzma", "check": 2}""", "check" },
        { """{"id": "lzma", "format": 2, "check": 4}""", "check" },
        { """{"id": "lzma", "preset": 10}""", "preset" },
        { """{"id": "lzma", "preset": -1}""", "preset" },
        { """{"id": "lzma", "preset": 1, "filters": [{"id": 33}]}""", "filters" },
        { """{"id": "lzma", "format": 3}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": []}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": [{"id": 3}]}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": [{"id": 33}, {"id": 3}]}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": [{"id": 3}, {"id": 3}, {"id": 3}, {"id": 4}, {"id": 33}]}""", "filters" },
        { """{"id": "lzma", "format": 2, "filters": [{"id": 33}]}""", "filters" },
        { """{"id": "lzma", "format": 1, "filters": [{"id": 4611686018427387905}]}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": [{"id": 99}]}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": [{"id": 33, "level": 3}]}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": [{"id": 33, "dict_size": 100}]}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": [{"id": 33, "lc": 3, "lp": 2}]}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": [{"id": 33, "mf": 5}]}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": [{"id": 33, "preset": null}]}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": [{"id": 3, "dist": 0}, {"id": 33}]}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": [{"dist": 1}, {"id": 33}]}""", "filters" },
        { """{"id": "lzma", "format": 3, "filters": {"id": 33}}""", "filters" },
        { """{"id": "lzma", "level": 1}""", "level" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void InvalidConfigsNameTheirKey(string config, string key)
    {
        var error = Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec(config));
        Assert.Equal(key, error.Key);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void ReprAndConfigFollowNumcodecs()
    {
        var codec = new LzmaCodec(LzmaFormat.Raw, filters: [LzmaFilter.Delta(4), LzmaFilter.Lzma2(preset: 1, dictSize: 1 << 20)]);
        Assert.Equal("LZMA(format=3, check=-1, preset=None, filters=[{'id': 3, 'dist': 4}, {'id': 33, 'preset': 1, 'dict_size': 1048576}])", codec.ToString());
        Assert.Equal(
            """{"id":"lzma","format":3,"check":-1,"preset":null,"filters":[{"id":3,"dist":4},{"id":33,"preset":1,"dict_size":1048576}]}""",
            codec.GetConfig().ToJsonString());
        Assert.Equal("LZMA(format=1, check=-1, preset=None, filters=None)", new LzmaCodec().ToString());
        Assert.NotEqual(new LzmaCodec(preset: 1), new LzmaCodec(preset: 2));
    }

    [Fact]
    public void AutoFormatDecodesXzAndLzmaButDoesNotEncode()
    {
        var auto = new LzmaCodec(LzmaFormat.Auto);
        Assert.Equal(s_sample, auto.Decode(new LzmaCodec(preset: 1).Encode(s_sample)));
        Assert.Equal(s_sample, auto.Decode(new LzmaCodec(LzmaFormat.Alone, preset: 1).Encode(s_sample)));
        var error = Assert.Throws<NumCodecsException>(() => auto.Encode(s_sample));
        Assert.Contains("only decodes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachFormatRefusesTheOthers()
    {
        byte[] xz = new LzmaCodec(preset: 0).Encode(s_sample);
        byte[] alone = new LzmaCodec(LzmaFormat.Alone, preset: 0).Encode(s_sample);
        Assert.Throws<CorruptDataException>(() => new LzmaCodec(LzmaFormat.Alone).Decode(xz));
        Assert.Throws<CorruptDataException>(() => new LzmaCodec().Decode(alone));
    }

    [Fact]
    public void ConcatenatedStreamsAreJoinedAndTrailingGarbageIgnoredAsInPython()
    {
        var codec = new LzmaCodec(preset: 0);
        byte[] first = codec.Encode(s_sample.AsSpan(0, 1000));
        byte[] second = codec.Encode(s_sample.AsSpan(1000, 3000));
        Assert.Equal(s_sample[..4000], codec.Decode([.. first, .. second]));

        // lzma.decompress ignores data after a whole stream when it does not start another ...
        Assert.Equal(s_sample[..1000], codec.Decode([.. first, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]));

        // ... but a second stream that is cut short is an error, as is an empty input.
        var truncated = Assert.Throws<CorruptDataException>(() => codec.Decode([.. first, .. second.AsSpan(0, second.Length - 3)]));
        Assert.Contains("truncated", truncated.Message, StringComparison.Ordinal);
        Assert.Throws<CorruptDataException>(() => codec.Decode(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void XzWithAFilterChainDecodesWithOrWithoutTheChain()
    {
        var withChain = new LzmaCodec(filters: [LzmaFilter.Delta(4), LzmaFilter.Lzma2(preset: 1)]);
        byte[] encoded = withChain.Encode(s_sample);
        Assert.Equal(s_sample, withChain.Decode(encoded));
        Assert.Equal(s_sample, new LzmaCodec().Decode(encoded));
    }

    [Fact]
    public void DecoderMemoryLimitBoundsTheDictionary()
    {
        byte[] encoded = new LzmaCodec(preset: 9).Encode(s_sample); // a 64 MiB dictionary
        var limited = new LzmaCodec(preset: 9) { DecoderMemoryLimit = 1 << 20 };
        var error = Assert.Throws<DecodedLengthLimitException>(() => limited.Decode(encoded));
        Assert.Contains("DecoderMemoryLimit", error.Message, StringComparison.Ordinal);
        Assert.Equal(s_sample, new LzmaCodec { DecoderMemoryLimit = 128 << 20 }.Decode(encoded));
    }

    [Fact]
    public void RawDecodingNeedsTheSameChain()
    {
        var lzma1 = new LzmaCodec(LzmaFormat.Raw, filters: [LzmaFilter.Lzma1(preset: 1, lc: 0, lp: 4)]);
        byte[] encoded = lzma1.Encode(s_sample);
        Assert.Equal(s_sample, lzma1.Decode(encoded));
        // Another chain gives an error or other bytes (LZMA2 reads LZMA1's first byte, 0, as its end marker and, as
        // Python's lzma.decompress does, ignores the rest once no further stream starts there).
        var other = new LzmaCodec(LzmaFormat.Raw, filters: [LzmaFilter.Lzma2(preset: 1)]);
        byte[]? decoded = null;
        try
        {
            decoded = other.Decode(encoded);
        }
        catch (CorruptDataException)
        {
        }

        Assert.NotEqual(s_sample, decoded);
    }

    [Fact]
    public void Lzma1BoundHoldsForIncompressibleData()
    {
        byte[] random = new byte[200_000];
        new Random(5).NextBytes(random);
        foreach (var codec in new[] { new LzmaCodec(LzmaFormat.Alone, preset: 0), new LzmaCodec(preset: 0) })
        {
            byte[] destination = new byte[codec.GetMaxEncodedLength(random.Length)];
            Assert.True(codec.TryEncode(random, destination, out int written));
            Assert.Equal(random, codec.Decode(destination.AsSpan(0, written)));
        }
    }

    [Fact]
    public void FilterSpecificationsRoundTrip()
    {
        var spec = JsonNode.Parse("""{"id": 4611686018427387905, "dict_size": 65536, "lc": 0, "lp": 2, "pb": 2, "mode": 1, "nice_len": 32, "mf": 3, "depth": 0}""");
        LzmaFilter filter = LzmaFilter.FromJson(spec);
        Assert.Equal(LzmaFilter.Lzma1Id, filter.Id);
        Assert.True(filter.TryGetOption("nice_len", out uint nice));
        Assert.Equal(32u, nice);
        Assert.False(filter.TryGetOption("preset", out _));
        Assert.Equal(spec!.ToJsonString(), filter.ToJson().ToJsonString());
        Assert.Equal(filter, LzmaFilter.FromJson(filter.ToJson()));
        Assert.Throws<CodecConfigException>(() => LzmaFilter.BranchConverter(LzmaFilter.DeltaId));
    }
}
