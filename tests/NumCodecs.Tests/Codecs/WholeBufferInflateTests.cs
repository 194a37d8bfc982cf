using System.Buffers;
using System.IO.Compression;

namespace NumCodecs.Tests.Codecs;

/// <summary>
/// zlib and gzip decoding into a whole buffer goes through libdeflate (WholeBufferInflater) and must answer exactly as
/// the streaming zlib decoder does: the same bytes, the same acceptance of padding and trailing data, and, by handing
/// every input it does not accept to zlib, the same errors.
/// </summary>
public sealed class WholeBufferInflateTests
{
    private static readonly byte[] s_data = TestData.SmoothFloats(300_000);

    public static TheoryData<string> Kinds() => ["zlib", "gzip"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void LibdeflateDecodesWhatZlibEncodesAtEveryLevel(string kind)
    {
        for (int level = 0; level <= 9; level++)
        {
            Codec codec = Make(kind, level);
            byte[] encoded = codec.Encode(s_data, 4);

            byte[] destination = new byte[s_data.Length];
            Assert.True(WholeBufferInflater.TryDecode(kind == "gzip", encoded, destination, out int written), $"{kind} level {level}");
            Assert.Equal(s_data.Length, written);
            Assert.Equal(s_data, destination);
            Assert.Equal(s_data, Streaming(codec, encoded));
        }
    }

    [Fact]
    public void ZlibIgnoresWhatFollowsTheStreamOnBothPaths()
    {
        var codec = new ZlibCodec(5);
        byte[] encoded = [.. codec.Encode(s_data, 4), .. "trailing bytes"u8];

        Assert.Equal(s_data, DecodeIntoSpan(codec, encoded, s_data.Length));
        Assert.Equal(s_data, Streaming(codec, encoded));
    }

    [Fact]
    public void GZipMembersAndZeroPaddingDecodeAlikeOnBothPaths()
    {
        var codec = new GZipCodec(5);
        byte[] first = codec.Encode(s_data.AsSpan(0, 100_000).ToArray(), 4);
        byte[] second = codec.Encode(s_data.AsSpan(100_000).ToArray(), 4);
        byte[] encoded = [.. first, 0, 0, 0, .. second, 0, 0];

        byte[] destination = new byte[s_data.Length];
        Assert.True(WholeBufferInflater.TryDecode(gzipMembers: true, encoded, destination, out int written));
        Assert.Equal(s_data.Length, written);
        Assert.Equal(s_data, destination);
        Assert.Equal(s_data, Streaming(codec, encoded));
        Assert.Equal(s_data, codec.Decode(encoded)); // the buffer-writer path, whose length hint is the last member's
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void InputsLibdeflateRefusesGetZlibsAnswer(string kind)
    {
        Codec codec = Make(kind, 6);
        byte[] encoded = codec.Encode(s_data, 4);
        byte[] destination = new byte[s_data.Length];

        // Truncated: both paths give zlib's message.
        byte[] truncated = encoded.AsSpan(0, encoded.Length / 2).ToArray();
        Assert.False(WholeBufferInflater.TryDecode(kind == "gzip", truncated, destination, out _));
        var spanError = Assert.Throws<CorruptDataException>(() => codec.TryDecode(truncated, destination, out _));
        var streamError = Assert.Throws<CorruptDataException>(() => Streaming(codec, truncated));
        Assert.Equal(streamError.Message, spanError.Message);
        Assert.Contains("truncated", spanError.Message, StringComparison.Ordinal);

        // Corrupt in the middle of the compressed data.
        byte[] corrupt = (byte[])encoded.Clone();
        for (int i = 40; i < 60; i++)
        {
            corrupt[i] ^= 0x5a;
        }

        Exception? spanFailure = Record.Exception(() => codec.TryDecode(corrupt, destination, out _));
        Exception? streamFailure = Record.Exception(() => Streaming(codec, corrupt));
        Assert.IsType<CorruptDataException>(spanFailure);
        Assert.Equal(streamFailure?.Message, spanFailure.Message);

        // Too small a destination: false, as before.
        Assert.False(codec.TryDecode(encoded, new byte[s_data.Length - 1], out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void GarbageAfterAGZipMemberIsZlibsError()
    {
        var codec = new GZipCodec(5);
        byte[] encoded = [.. codec.Encode(s_data, 4), 0x42, 0x43];
        byte[] destination = new byte[s_data.Length];

        Assert.False(WholeBufferInflater.TryDecode(gzipMembers: true, encoded, destination, out _));
        var error = Assert.Throws<CorruptDataException>(() => codec.TryDecode(encoded, destination, out _));
        Assert.Contains("not another gzip member", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GZipFromTheBclDecodesOnBothPaths()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(s_data);
        }

        byte[] encoded = buffer.ToArray();
        var codec = new GZipCodec();
        Assert.Equal(s_data, DecodeIntoSpan(codec, encoded, s_data.Length));
        Assert.Equal(s_data, Streaming(codec, encoded));
    }

    [Fact]
    public void AnnouncedLengthIsBoundedByWhatTheInputCouldHold()
    {
        var codec = new GZipCodec(5);
        byte[] encoded = codec.Encode(s_data, 4);
        Assert.Equal(s_data.Length, WholeBufferInflater.GZipLengthHint(encoded, int.MaxValue));
        Assert.Equal(-1, WholeBufferInflater.GZipLengthHint(encoded, s_data.Length - 1));

        // A forged trailer announcing 2 GiB from 100 bytes is no hint at all: nothing that large is allocated.
        byte[] forged = encoded.AsSpan(0, 100).ToArray();
        BitConverter.TryWriteBytes(forged.AsSpan(^4), int.MaxValue);
        Assert.Equal(-1, WholeBufferInflater.GZipLengthHint(forged, int.MaxValue));
        Assert.Throws<CorruptDataException>(() => codec.Decode(forged));
    }

    private static Codec Make(string kind, int level) => kind == "gzip" ? new GZipCodec(level) : new ZlibCodec(level);

    private static byte[] DecodeIntoSpan(Codec codec, byte[] encoded, int length)
    {
        byte[] destination = new byte[length];
        Assert.True(codec.TryDecode(encoded, destination, out int written));
        Assert.Equal(length, written);
        return destination;
    }

    /// <summary>zlib's streaming decoder, reached through a two-segment sequence (which libdeflate never takes).</summary>
    private static byte[] Streaming(Codec codec, byte[] encoded)
    {
        int half = encoded.Length / 2;
        var first = new Segment(encoded.AsMemory(0, half));
        Segment last = first.Append(encoded.AsMemory(half));
        var writer = new ArrayBufferWriter<byte>();
        codec.Decode(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), writer);
        return writer.WrittenSpan.ToArray();
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
