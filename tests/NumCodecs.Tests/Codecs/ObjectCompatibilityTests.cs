using NumCodecs.Tests.Fixtures;

namespace NumCodecs.Tests.Codecs;

/// <summary>The object codecs against the reference's fixtures (tests/fixtures/generate.py, OBJECT_FIXTURES).</summary>
public sealed class ObjectCompatibilityTests
{
    public static TheoryData<string> FixtureCodecs() => ReferenceFixtures.ObjectNames();

    [Fact]
    public void EveryObjectCodecHasFixtures()
    {
        Assert.Equal(
            ["categorize", "json2", "msgpack2", "vlen-array", "vlen-bytes", "vlen-utf8"],
            ReferenceFixtures.Objects.Select(f => f.CodecId).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(CodecRegistry.ObjectCodecIds, ReferenceFixtures.Objects.Select(f => f.CodecId).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FixtureCodecs))]
    public void DecodesLikeTheReference(string name)
    {
        FixtureCodec fixture = ReferenceFixtures.Get(name);
        ObjectCodec codec = CodecRegistry.GetObjectCodec(fixture.Config);
        int count = 0;
        foreach ((_, string encodedPath, string decodedPath) in fixture.ObjectCases())
        {
            byte[] encoded = File.ReadAllBytes(encodedPath);
            if (decodedPath.EndsWith(".error", StringComparison.Ordinal))
            {
                // The reference cannot read what it wrote (msgpack bytes written as str, read back as UTF-8): neither can we.
                var error = Assert.Throws<CorruptDataException>(() => codec.Decode(encoded));
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
                continue;
            }

            ObjectArray expected = TaggedJson.Load(decodedPath);
            ObjectArray decoded = codec.Decode(encoded);
            Assert.True(TaggedJson.DeepEquals(expected, decoded), $"{encodedPath} decoded differently: {TaggedJson.FirstDifference(expected, decoded)}");
            count++;
        }

        Assert.True(count > 0);
    }

    [Theory]
    [MemberData(nameof(FixtureCodecs))]
    public void EncodesLikeTheReference(string name)
    {
        FixtureCodec fixture = ReferenceFixtures.Get(name);
        ObjectCodec codec = CodecRegistry.GetObjectCodec(fixture.Config);
        foreach ((string arrayPath, string encodedPath, _) in fixture.ObjectCases())
        {
            byte[] reference = File.ReadAllBytes(encodedPath);
            byte[] ours = codec.Encode(TaggedJson.Load(arrayPath));
            Assert.True(reference.AsSpan().SequenceEqual(ours), $"{encodedPath}: our encoding ({ours.Length} bytes) differs from the reference ({reference.Length} bytes)");
        }
    }

    [Theory]
    [MemberData(nameof(FixtureCodecs))]
    public void ConfigParsesAndReserialisesToTheSameJson(string name)
    {
        FixtureCodec fixture = ReferenceFixtures.Get(name);
        ObjectCodec codec = CodecRegistry.GetObjectCodec(fixture.ConfigText);
        Assert.True(CodecRegistry.IsObjectCodec(fixture.Config));
        Assert.Equal(fixture.ConfigText, CompatibilityTests.SerializeLikePython(codec.GetConfig()));
        Assert.Equal(codec, CodecRegistry.GetObjectCodec(codec.GetConfig()));
        Assert.Throws<CodecConfigException>(() => CodecRegistry.GetCodec(fixture.Config));
    }
}
