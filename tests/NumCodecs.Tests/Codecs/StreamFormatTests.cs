using System.Buffers;
using System.Buffers.Binary;
using NumCodecs.Native;
using NumCodecs.Native.SafeHandles;

namespace NumCodecs.Tests.Codecs;

/// <summary>Format details of zstd, gzip, zlib and LZ4 that the shared contract does not reach.</summary>
public sealed unsafe class StreamFormatTests
{
    private static readonly byte[] s_sample = TestData.SmoothFloats(50_000);

    [Fact]
    public void ZstdLevelBoundsAreZstds()
    {
        Assert.Equal(ZstdCodec.MinLevel, Interop.Zstd.ZSTD_minCLevel());
        Assert.Equal(ZstdCodec.MaxLevel, Interop.Zstd.ZSTD_maxCLevel());
    }

    [Fact]
    public void ZstdLevelsOutsideZstdsRangeAreClampedAndKeptInTheConfig()
    {
        // numcodecs accepts Zstd(level=100) and zstd clamps it (the fixtures hold numcodecs' own such encodings).
        var high = (ZstdCodec)CodecRegistry.GetCodec("""{"id": "zstd", "level": 100}""");
        Assert.Equal("""{"id":"zstd","level":100}""", high.GetConfig().ToJsonString());
        Assert.Equal(new ZstdCodec(ZstdCodec.MaxLevel).Encode(s_sample), high.Encode(s_sample));
        Assert.Equal(new ZstdCodec(ZstdCodec.MinLevel).Encode(s_sample), new ZstdCodec(int.MinValue).Encode(s_sample));
        Assert.Equal(s_sample, high.Decode(high.Encode(s_sample)));
    }

    [Fact]
    public void ZstdDecodesStreamingFramesWithoutAContentSize()
    {
        byte[] frame = StreamingZstdFrame(s_sample);
        var codec = new ZstdCodec();

        Assert.False(codec.TryGetDecodedLength(frame, out _));
        Assert.Equal(s_sample, codec.Decode(frame));
        byte[] exact = new byte[s_sample.Length];
        Assert.Equal(s_sample.Length, codec.Decode(frame, exact));
        Assert.Equal(s_sample, exact);
        Assert.False(codec.TryDecode(frame, new byte[s_sample.Length - 1], out _));
        var writer = new ArrayBufferWriter<byte>();
        codec.Decode(CodecContractTests.Segmented(frame, 1000), writer);
        Assert.Equal(s_sample, writer.WrittenSpan.ToArray());
        Assert.Throws<DecodedLengthLimitException>(() => new ZstdCodec { MaxDecodedLength = 1000 }.Decode(frame));
        Assert.Throws<CorruptDataException>(() => codec.Decode(frame.AsSpan(0, frame.Length - 3)));
    }

    [Fact]
    public void ZstdDecodesConcatenatedAndSkippableFrames()
    {
        var codec = new ZstdCodec(3);
        byte[] first = codec.Encode(s_sample.AsSpan(0, 1000));
        byte[] second = codec.Encode(s_sample.AsSpan(1000, 3000));
        byte[] skippable = new byte[8 + 5];
        BinaryPrimitives.WriteUInt32LittleEndian(skippable, 0x184D2A50);
        BinaryPrimitives.WriteUInt32LittleEndian(skippable.AsSpan(4), 5);
        byte[] streaming = StreamingZstdFrame(s_sample.AsSpan(4000, 500));

        byte[] known = [.. first, .. skippable, .. second];
        Assert.True(codec.TryGetDecodedLength(known, out int length));
        Assert.Equal(4000, length);
        Assert.Equal(s_sample[..4000], codec.Decode(known));

        byte[] mixed = [.. first, .. streaming, .. skippable];
        Assert.False(codec.TryGetDecodedLength(mixed, out _));
        Assert.Equal([.. s_sample[..1000], .. s_sample[4000..4500]], codec.Decode(mixed));

        Assert.Throws<CorruptDataException>(() => codec.Decode([.. first, 1, 2, 3]));
    }

    [Fact]
    public void GZipWritesPythonsHeaderWithAFixedTime()
    {
        foreach ((int level, byte extraFlags) in new[] { (1, (byte)4), (9, (byte)2), (5, (byte)0), (0, (byte)0) })
        {
            byte[] encoded = new GZipCodec(level).Encode(s_sample);
            Assert.Equal(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, extraFlags, 255 }, encoded[..10]);
        }
    }

    [Fact]
    public void GZipReadsSeveralMembersAndZeroPaddingButNotOtherTrailingData()
    {
        var codec = new GZipCodec();
        byte[] a = codec.Encode(s_sample.AsSpan(0, 2000));
        byte[] b = codec.Encode(s_sample.AsSpan(2000, 2000));

        Assert.Equal(s_sample[..4000], codec.Decode([.. a, .. b, 0, 0, 0]));
        var writer = new ArrayBufferWriter<byte>();
        codec.Decode(CodecContractTests.Segmented([.. a, 0, .. b], 7), writer);
        Assert.Equal(s_sample[..4000], writer.WrittenSpan.ToArray());
        var error = Assert.Throws<CorruptDataException>(() => codec.Decode([.. a, (byte)'x']));
        Assert.Contains("not another gzip member", error.Message, StringComparison.Ordinal);
        Assert.Contains("header check", Assert.Throws<CorruptDataException>(() => codec.Decode([.. a, 0x1f, 0x00, 1, 2, 3, 4, 5, 6, 7, 8])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZlibIgnoresDataAfterTheStreamAsPythonDoes()
    {
        var codec = new ZlibCodec();
        Assert.Equal(s_sample, codec.Decode([.. codec.Encode(s_sample), 1, 2, 3]));
    }

    [Fact]
    public void Lz4RejectsNegativeLengthsAndMissingBlocks()
    {
        var codec = new Lz4Codec();
        byte[] encoded = codec.Encode(s_sample);
        Assert.Equal(s_sample.Length, BinaryPrimitives.ReadInt32LittleEndian(encoded));

        BinaryPrimitives.WriteInt32LittleEndian(encoded, -4);
        Assert.Contains("negative", Assert.Throws<CorruptDataException>(() => codec.Decode(encoded)).Message, StringComparison.Ordinal);
        Assert.Contains("no block", Assert.Throws<CorruptDataException>(() => codec.Decode([0, 0, 0, 0])).Message, StringComparison.Ordinal);
        Assert.Throws<CorruptDataException>(() => codec.Decode([0, 0, 1])); // shorter than the length prefix
    }

    /// <summary>A zstd frame written by the streaming API without a pledged size, so its header records no content size.</summary>
    private static byte[] StreamingZstdFrame(ReadOnlySpan<byte> data)
    {
        using var context = ZstdCompressionContextHandle.Create();
        byte[] output = new byte[data.Length + 1024];
        fixed (byte* source = data)
        fixed (byte* destination = output)
        {
            var input = new Interop.Zstd.InBuffer { Source = source, Size = (nuint)data.Length };
            var outBuffer = new Interop.Zstd.OutBuffer { Destination = destination, Size = (nuint)output.Length };
            nuint first = Interop.Zstd.ZSTD_compressStream2(context.DangerousGetHandle(), &outBuffer, &input, Interop.Zstd.EndDirective.Continue);
            nuint last = Interop.Zstd.ZSTD_compressStream2(context.DangerousGetHandle(), &outBuffer, &input, Interop.Zstd.EndDirective.End);
            Assert.Equal(0u, Interop.Zstd.ZSTD_isError(first));
            Assert.Equal(0u, last);
            byte[] frame = output[..(int)outBuffer.Position];
            fixed (byte* f = frame)
            {
                Assert.Equal(Interop.Zstd.ContentSizeUnknown, Interop.Zstd.ZSTD_getFrameContentSize(f, (nuint)frame.Length));
            }

            return frame;
        }
    }
}
