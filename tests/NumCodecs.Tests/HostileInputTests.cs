using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using NumCodecs.Blosc;
using NumCodecs.IO;
using NumCodecs.Tests.BloscBlocks;
using NumCodecs.Tests.Codecs;

namespace NumCodecs.Tests;

/// <summary>
/// Regression tests for the defects issue 11's fuzzing found, each made from its reproducer and named after it.
/// </summary>
public sealed class HostileInputTests
{
    private const byte Sentinel = 0xA5;

    public static TheoryData<string> BloscCompressors { get; } = ["blosclz", "lz4", "lz4hc", "zlib", "zstd"];

    [Theory]
    [MemberData(nameof(BloscCompressors))]
    public void BloscTryEncodeNeverWritesPastAShortDestination(string cname)
    {
        byte[] source = TestData.SmoothFloats(2_000); // 8,000 bytes, as in the report
        foreach (int threads in new[] { 1, 2, 4 })
        {
            var codec = new BloscCodec(cname, 5, BloscShuffle.NoShuffle, blocksize: 4096, internalThreads: threads);
            for (int length = 0; length <= 64; length++)
            {
                AssertEncodeStaysInside(codec, source, length);
            }

            // Around the encoded length, where the encoder's last block is cut short.
            int encoded = codec.Encode(source).Length;
            for (int length = encoded - 8; length <= encoded + 8; length++)
            {
                AssertEncodeStaysInside(codec, source, length);
            }
        }
    }

    [Fact]
    public void PartialDecodingThrowsCorruptDataNotAggregateExceptionWhenParallel()
    {
        byte[] data = TestData.Counters(32 * 1024); // every split compresses, so a corrupt one is decompressed, not copied
        byte[] chunk = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, blocksize: 16_384).Encode(data, 8);
        byte[] corrupt = CorruptOneBlock(chunk);
        int items = data.Length / 8;
        var parallel = new BloscPartialOptions { MaxDegreeOfParallelism = 4 };
        byte[] destination = new byte[data.Length];

        Assert.Throws<CorruptDataException>(() =>
            BloscPartialDecoder.DecodeItemRanges(corrupt, [new ItemRange(0, items)], destination, parallel));
        var reader = new BloscChunkReader(new CountingSource(corrupt), options: parallel);
        Assert.Throws<CorruptDataException>(() => reader.ReadItemRanges([new ItemRange(0, items)], destination));

        // The parallel reads themselves: a source that claims more bytes than it returns.
        var lying = new BloscChunkReader(new LyingLengthSource(chunk, chunk.Length / 2), options: new BloscPartialOptions { MaxDegreeOfParallelism = 4, MaxCoalesceGap = 0 });
        Assert.Throws<CorruptDataException>(() => lying.ReadItemRanges([new ItemRange(0, items)], destination));
    }

    [Fact]
    public void ChunkReaderChecksTheHeadersCbytesAgainstTheSourceLength()
    {
        byte[] chunk = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, blocksize: 4096).Encode(TestData.SmoothFloats(8_000), 4);
        foreach (int cbytes in new[] { 0x7FFFFFEF, 0x3FFFFFFF })
        {
            foreach (int length in new[] { 67, 1_000, 11_764, chunk.Length })
            {
                byte[] forged = chunk.AsSpan(0, Math.Min(length, chunk.Length)).ToArray();
                BinaryPrimitives.WriteInt32LittleEndian(forged.AsSpan(12), cbytes);
                foreach (IByteRangeSource source in new IByteRangeSource[]
                {
                    new MemoryByteRangeSource(forged), new CountingSource(forged), new UnknownLengthSource(forged),
                })
                {
                    var reader = new BloscChunkReader(source);
                    long allocated = AllocatedBy(() =>
                        Assert.Throws<CorruptDataException>(() => reader.ReadItems(0, 1, new byte[4])));
                    Assert.True(allocated < (1 << 20), $"{source.GetType().Name}, {length} bytes claiming cbytes {cbytes}: allocated {allocated} bytes");
                }
            }
        }
    }

    [Fact]
    public async Task ChunkReaderChecksCbytesBeforeAsyncReadsToo()
    {
        byte[] forged = new BloscCodec("lz4", 5, BloscShuffle.Shuffle).Encode(TestData.SmoothFloats(8_000), 4);
        BinaryPrimitives.WriteInt32LittleEndian(forged.AsSpan(12), 0x7FFFFFEF);
        foreach (IByteRangeSource source in new IByteRangeSource[] { new CountingSource(forged), new UnknownLengthSource(forged) })
        {
            var reader = new BloscChunkReader(source);
            await Assert.ThrowsAsync<CorruptDataException>(async () =>
                await reader.ReadItemRangesAsync(new[] { new ItemRange(0, 1) }, new byte[4]));
        }
    }

    [Fact]
    public void Json2HugeIntegerFailsFastWithABoundedMessage()
    {
        ObjectCodec json = CodecRegistry.GetObjectCodec("""{"id": "json2"}""");
        string huge = "[" + new string('7', 1_000_000) + ", \"<i8\", [1]]";
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<CorruptDataException>(() => json.Decode(Encoding.UTF8.GetBytes(huge)));

        // 276 s before the fix; a generous bound, far from any timing noise, for linear work on 1 MB.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Contains("4300 digits", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300, error.Message);

        // At Python's limit the integer is read, and its overflow is named by size, not printed.
        string atLimit = "[" + new string('7', 4_300) + ", \"<i8\", [1]]";
        var overflow = Assert.Throws<CorruptDataException>(() => json.Decode(Encoding.UTF8.GetBytes(atLimit)));
        Assert.Contains("an integer of 4300 digits", overflow.Message, StringComparison.Ordinal);
        Assert.True(overflow.Message.Length < 300, overflow.Message);
    }

    [Fact]
    public void Bz2TryDecodeAgreesWithDecodeForASplicedSecondStream()
    {
        AssertLaterFailingStreamIsDropped(new Bz2Codec(9));
    }

    [Fact]
    public void XzTryDecodeAgreesWithDecodeForASplicedSecondStream()
    {
        AssertLaterFailingStreamIsDropped(new LzmaCodec());
    }

    [Fact]
    public void ZstdFramesRecordingZeroBytesAreDecodedAndSoChecked()
    {
        var codec = new ZstdCodec();

        // The report's frame: single segment, content size 0, then a last raw block of 7 bytes.
        byte[] rawBlock = [0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x00, 0x39, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7];

        // Content size 0 with a checksum flag, an empty last raw block, and a checksum that is wrong.
        byte[] empty = codec.Encode([]);
        byte[] badChecksum = new ZstdCodec(checksum: true).Encode([]);
        badChecksum[^1] ^= 0xFF;
        foreach (byte[] frame in new[] { rawBlock, badChecksum })
        {
            Assert.Throws<CorruptDataException>(() => codec.Decode(frame));
            Assert.Throws<CorruptDataException>(() => codec.TryDecode(frame, new byte[64], out _));
            Assert.Throws<CorruptDataException>(() => codec.Decode(frame, new ArrayBufferWriter<byte>()));
            Assert.Throws<CorruptDataException>(() => codec.Decode(new ReadOnlySequence<byte>(frame), new ArrayBufferWriter<byte>()));
        }

        Assert.Empty(codec.Decode(empty));
        Assert.Empty(new ZstdCodec(checksum: true).Decode(new ZstdCodec(checksum: true).Encode([])));
    }

    [Theory]
    [InlineData("28b52ffd2007010000")] // records 7 bytes, holds an empty last raw block
    [InlineData("28b52ffd240001000099e9d86a")] // records 0 bytes, checksum flag, wrong checksum
    [InlineData("28b52ffd4028b52ffd0000fbf70110")] // a frame cut inside its first block
    [InlineData("28b52ffd001e01000028b52ffd2023010000")] // an empty frame of unknown size, then one recording 35 bytes and holding none
    public void ZstdOverloadsGiveOneVerdictForFramesTheFuzzerFound(string hex)
    {
        AssertOverloadsAgree(new ZstdCodec(), Convert.FromHexString(hex));
    }

    [Fact]
    public void LzmaRawTryDecodeIntoNothingAgreesWithDecodeForAnEmptyStreamAndTrailingBytes()
    {
        // Found by the fuzzer: an empty LZMA2 stream (0x00), another empty one, then the start of a stream that never ends.
        var codec = new LzmaCodec(LzmaFormat.Raw, filters: [LzmaFilter.BranchConverter(LzmaFilter.X86Id), LzmaFilter.Lzma2(preset: 2)]);
        AssertOverloadsAgree(codec, Convert.FromHexString("000001000201adadadadad"));
        Assert.Empty(codec.Decode(Convert.FromHexString("000001000201adadadadad")));
    }

    [Fact]
    public void Bz2EmptyStreamThenAFailingOneDecodesToNothingIntoAnyDestination()
    {
        var codec = new Bz2Codec(9);
        byte[] second = codec.Encode(TestData.SmoothFloats(5_000));
        second[^3] ^= 0xFF;
        byte[] spliced = [.. codec.Encode([]), .. second];

        AssertOverloadsAgree(codec, spliced);
        Assert.Empty(codec.Decode(spliced));
    }

    [Fact]
    public void BloscBombClaimingTwoGigabytesIsRefusedBeforeAllocating()
    {
        byte[] bomb = BloscBomb();
        Assert.Equal(43, bomb.Length);
        var codec = new BloscCodec();

        AssertSmallFailure(() => codec.Decode(bomb));
        AssertSmallFailure(() => codec.Decode(bomb, new ArrayBufferWriter<byte>()));
        AssertSmallFailure(() => BloscPartialDecoder.DecodeItems(bomb, 0, 16, new byte[16]));
        AssertSmallFailure(() => new BloscChunkReader(new MemoryByteRangeSource(bomb)).ReadItems(0, 16, new byte[16]));
        AssertSmallFailure(() => new BloscChunkReader(new UnknownLengthSource(bomb)).ReadItems(0, 16, new byte[16]));
        Assert.Throws<CorruptDataException>(() => codec.TryDecode(bomb, new byte[64], out _));
    }

    [Fact]
    public void Lz4BombClaimingTwoGigabytesIsRefusedBeforeAllocating()
    {
        byte[] bomb = [0xC7, 0xFF, 0xFF, 0x7F, 0x00]; // 2^31 - 57 bytes claimed by a 1-byte block
        var codec = new Lz4Codec();

        AssertSmallFailure(() => codec.Decode(bomb));
        AssertSmallFailure(() => codec.Decode(bomb, new ArrayBufferWriter<byte>()));
    }

    [Theory]
    [InlineData("bz2")]
    [InlineData("zlib")]
    [InlineData("gzip")]
    [InlineData("xz")]
    [InlineData("lzma-alone")]
    [InlineData("zstd-stream")]
    public void StreamingBombsAllocateAtMostTwiceTheirOutput(string format)
    {
        const int Output = 32 << 20; // 32 MiB of zeros from a few hundred bytes to a few tens of KiB
        (Codec codec, byte[] bomb) = StreamingBomb(format, new byte[Output]);

        long allocated = AllocatedBy(() => Assert.Equal(Output, codec.Decode(bomb).Length));

        // The pieces, then the array; a doubling buffer took over three times the output.
        Assert.True(allocated <= (2L * Output) + (4 << 20), $"{format}: {bomb.Length} bytes decoding to {Output} allocated {allocated} bytes");
    }

    [Fact]
    public void FullBloscDecodeRefusesBlocksSharingAStartAsThePartialDecoderDoes()
    {
        byte[] chunk = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, blocksize: 4096).Encode(TestData.SmoothFloats(64_000), 4);
        BloscHeader header = BloscHeader.Read(chunk);
        Assert.True(header.BlockCount >= 3);
        int first = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(BloscHeader.Length));
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(BloscHeader.Length + 8), first); // block 2 starts where block 0 does

        var full = Assert.Throws<CorruptDataException>(() => new BloscCodec().Decode(chunk));
        var partial = Assert.Throws<CorruptDataException>(() => BloscPartialDecoder.DecodeItems(chunk, 0, 1, new byte[4]));
        var layout = Assert.Throws<CorruptDataException>(() => BloscChunkLayout.Read(chunk));
        Assert.Contains("shares its start offset", full.Message, StringComparison.Ordinal);
        Assert.Equal(full.Message, partial.Message);
        Assert.Equal(full.Message, layout.Message);
        Assert.Throws<CorruptDataException>(() => new BloscCodec().TryDecode(chunk, new byte[256_000], out _));
    }

    [Theory]
    [MemberData(nameof(BloscCompressors))]
    public void BloscChunksAtTheirCompressorsBestRatioStayInsideTheExpansionBounds(string cname)
    {
        // All zeros at the highest level, in the largest blocks: the most a real chunk ever expands.
        byte[] zeros = new byte[16 << 20];
        foreach ((BloscShuffle shuffle, int typesize) in new[] { (BloscShuffle.NoShuffle, 1), (BloscShuffle.Shuffle, 8), (BloscShuffle.BitShuffle, 4) })
        {
            foreach (int blocksize in new[] { 0, 1 << 20, 8 << 20 })
            {
                byte[] chunk = new BloscCodec(cname, 9, shuffle, blocksize, typesize).Encode(zeros);
                Assert.Equal(zeros, new BloscCodec().Decode(chunk));
                Assert.Equal(zeros.Length, BloscPartialDecoder.DecodeItems(chunk, 0, zeros.Length / typesize, new byte[zeros.Length]));
            }
        }
    }

    [Theory]
    [InlineData("lz4")]
    [InlineData("zstd")]
    [InlineData("zlib")]
    [InlineData("gzip")]
    public void StandaloneCodecsAtTheirBestRatioStayInsideTheExpansionBounds(string id)
    {
        byte[] zeros = new byte[64 << 20];
        Codec codec = id switch
        {
            "lz4" => new Lz4Codec(),
            "zstd" => new ZstdCodec(19),
            "zlib" => new ZlibCodec(9),
            _ => new GZipCodec(9),
        };

        Assert.Equal(zeros, codec.Decode(codec.Encode(zeros)));
    }

    private static void AssertEncodeStaysInside(Codec codec, byte[] source, int length)
    {
        if (length < 0)
        {
            return;
        }

        byte[] buffer = new byte[length + 64];
        buffer.AsSpan().Fill(Sentinel);
        bool fits = codec.TryEncode(source, 4, buffer.AsSpan(0, length), out int written);
        Assert.True(buffer.AsSpan(length).IndexOfAnyExcept(Sentinel) < 0, $"{codec} wrote past a {length}-byte destination");
        if (fits)
        {
            Assert.InRange(written, 1, length);
            Assert.Equal(source, codec.Decode(buffer.AsSpan(0, written)));
        }
        else
        {
            Assert.Equal(0, written);
        }
    }

    private static byte[] CorruptOneBlock(byte[] chunk)
    {
        // The first split of the last block, its length prefix kept, filled with 0xFF: to LZ4 a literal run longer than
        // the input, so the structure passes the managed checks and c-blosc itself refuses the block.
        BloscChunkLayout layout = BloscChunkLayout.Read(chunk);
        (int offset, _) = layout.GetCompressedRange(layout.BlockCount - 1);
        int splitLength = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset));
        byte[] corrupt = (byte[])chunk.Clone();
        corrupt.AsSpan(offset + 4, splitLength).Fill(0xFF);
        Assert.Throws<CorruptDataException>(() => new BloscCodec().Decode(corrupt));
        return corrupt;
    }

    private static void AssertLaterFailingStreamIsDropped(Codec codec)
    {
        byte[] first = TestData.RandomBytes(4_007, seed: 5);
        byte[] stream = codec.Encode(first);
        byte[] second = codec.Encode(TestData.SmoothFloats(5_000));
        second[^3] ^= 0xFF; // near its end, after it has produced output
        byte[] spliced = [.. stream, .. second];

        // Python's bz2.decompress and lzma.decompress drop the failing later stream whole: the first one's bytes.
        Assert.Equal(first, codec.Decode(spliced));
        var writer = new ArrayBufferWriter<byte>();
        codec.Decode(spliced, writer);
        Assert.Equal(first, writer.WrittenSpan.ToArray());
        foreach (int length in new[] { 4_007, 4_008, 10_000, 100_000 })
        {
            byte[] destination = new byte[length];
            Assert.True(codec.TryDecode(spliced, destination, out int written), $"TryDecode into {length} bytes");
            Assert.Equal(first, destination.AsSpan(0, written).ToArray());
            Assert.Equal(4_007, codec.Decode(spliced, destination));
        }

        Assert.False(codec.TryDecode(spliced, new byte[4_006], out _));

        // A later stream that is whole still counts, and then 4,007 bytes are too few.
        byte[] joined = [.. stream, .. codec.Encode(first)];
        Assert.False(codec.TryDecode(joined, new byte[4_007], out _));
        Assert.False(codec.TryDecode(joined, new byte[8_013], out _));
        Assert.True(codec.TryDecode(joined, new byte[8_014], out int both));
        Assert.Equal(8_014, both);
    }

    /// <summary>
    /// Every decode overload, into destinations of every length up to the output and beyond, gives the same bytes, or
    /// all refuse the data; TryDecode returns false only for destinations shorter than the output.
    /// </summary>
    private static void AssertOverloadsAgree(Codec codec, byte[] data)
    {
        byte[]? expected = null;
        Exception? refusal = Record.Exception(() => expected = codec.Decode(data));
        if (refusal is not null)
        {
            Assert.IsType<CorruptDataException>(refusal);
        }

        var writer = new ArrayBufferWriter<byte>();
        Assert.Equal(refusal?.GetType(), Record.Exception(() => codec.Decode(data, writer))?.GetType());
        var sequenceWriter = new ArrayBufferWriter<byte>();
        ReadOnlySequence<byte> segmented = CodecContractTests.Segmented(data, Math.Max(1, data.Length / 3));
        Assert.Equal(refusal?.GetType(), Record.Exception(() => codec.Decode(segmented, sequenceWriter))?.GetType());
        int longest = (expected?.Length ?? 0) + 16;
        for (int length = 0; length <= longest; length++)
        {
            byte[] destination = new byte[length];
            bool fits = false;
            int written = 0;
            Exception? tried = Record.Exception(() => fits = codec.TryDecode(data, destination, out written));
            if (expected is null)
            {
                Assert.True(tried is CorruptDataException || !fits, $"TryDecode into {length} bytes accepted what Decode refuses");
                continue;
            }

            Assert.Null(tried);
            Assert.Equal(length >= expected.Length, fits);
            if (fits)
            {
                Assert.Equal(expected, destination.AsSpan(0, written).ToArray());
            }
        }

        if (expected is not null)
        {
            Assert.Equal(expected, writer.WrittenSpan.ToArray());
            Assert.Equal(expected, sequenceWriter.WrittenSpan.ToArray());
        }
    }

    private static byte[] BloscBomb()
    {
        // nbytes 2e9 in 3 blocks of the largest blocksize, each "compressed" to 1 byte: 16 + 12 + 3 * 5 = 43 bytes.
        byte[] bomb = new byte[43];
        bomb[0] = BloscHeader.FormatVersion;
        bomb[1] = 1; // LZ4 format version
        bomb[2] = 1 << 5; // LZ4, no shuffle
        bomb[3] = 1; // typesize
        BinaryPrimitives.WriteInt32LittleEndian(bomb.AsSpan(4), 2_000_000_000);
        BinaryPrimitives.WriteInt32LittleEndian(bomb.AsSpan(8), BloscHeader.MaxBlockSize);
        BinaryPrimitives.WriteInt32LittleEndian(bomb.AsSpan(12), bomb.Length);
        for (int block = 0; block < 3; block++)
        {
            int start = 28 + (block * 5);
            BinaryPrimitives.WriteInt32LittleEndian(bomb.AsSpan(16 + (block * 4)), start);
            BinaryPrimitives.WriteInt32LittleEndian(bomb.AsSpan(start), 1);
        }

        return bomb;
    }

    private static (Codec Codec, byte[] Bomb) StreamingBomb(string format, byte[] output)
    {
        Codec codec = format switch
        {
            "bz2" => new Bz2Codec(9),
            "zlib" => new ZlibCodec(9),
            "gzip" => new GZipCodec(9),
            "xz" => new LzmaCodec(preset: 1),
            "lzma-alone" => new LzmaCodec(LzmaFormat.Alone, preset: 1),
            _ => new ZstdCodec(3),
        };

        // zstd's own encoder records the content size; a frame without one, as streaming writers make it, is built here.
        byte[] bomb = format == "zstd-stream" ? ZstdWithoutContentSize(output) : codec.Encode(output);

        return (codec, bomb);
    }

    private static byte[] ZstdWithoutContentSize(byte[] output)
    {
        // A frame of RLE blocks that records no content size, as streaming writers make it: magic, a frame header
        // with only a window descriptor (2^17 bytes), then 4 bytes per 128 KiB block of zeros.
        const int BlockLength = 128 * 1024;
        Assert.Equal(0, output.Length % BlockLength);
        Assert.True(output.AsSpan().IndexOfAnyExcept((byte)0) < 0);
        int blocks = output.Length / BlockLength;
        var frame = new List<byte> { 0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x38 };
        for (int block = 0; block < blocks; block++)
        {
            int header = (block == blocks - 1 ? 1 : 0) | (1 << 1) | (BlockLength << 3); // last flag, RLE, size
            frame.AddRange([(byte)header, (byte)(header >> 8), (byte)(header >> 16), 0]);
        }

        return frame.ToArray();
    }

    private static void AssertSmallFailure(Action decode)
    {
        long allocated = AllocatedBy(() =>
        {
            var error = Record.Exception(decode);
            Assert.True(error is CorruptDataException, $"expected CorruptDataException, got {error?.GetType().Name ?? "no exception"}: {error?.Message}");
        });
        Assert.True(allocated < (2 << 20), $"allocated {allocated} bytes before failing");
    }

    private static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>A source that does not know its length, as a stream of unknown extent.</summary>
    private sealed class UnknownLengthSource(byte[] data) : IByteRangeSource
    {
        private readonly MemoryByteRangeSource _inner = new(data);

        public int Read(long offset, Span<byte> destination) => _inner.Read(offset, destination);

        public ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(offset, destination, cancellationToken);
    }

    /// <summary>A source that claims its whole length but holds only a prefix (a file truncated while open).</summary>
    private sealed class LyingLengthSource(byte[] data, int held) : IByteRangeSource
    {
        private readonly MemoryByteRangeSource _inner = new(data.AsMemory(0, held));

        public int Read(long offset, Span<byte> destination) => _inner.Read(offset, destination);

        public ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(offset, destination, cancellationToken);

        public bool TryGetLength(out long length)
        {
            length = data.Length;
            return true;
        }
    }
}
