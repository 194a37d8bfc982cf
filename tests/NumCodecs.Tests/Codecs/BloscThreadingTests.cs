using NumCodecs.Blosc;
using NumCodecs.Native;

namespace NumCodecs.Tests.Codecs;

/// <summary>
/// Blosc with its blocks on the thread pool (the default: every core) writes exactly the chunk c-blosc writes on one
/// thread, and decodes every chunk, including those c-blosc's own threads write with blocks in completion order.
/// </summary>
public sealed unsafe class BloscThreadingTests
{
    private static readonly string[] s_compressors = ["blosclz", "lz4", "lz4hc", "zlib", "zstd"];
    private static readonly int[] s_typesizes = [1, 2, 3, 4, 8, 16];
    private static readonly int[] s_blocksizes = [0, 0, 4096, 65_536, 100_003];
    private static readonly int[] s_threads = [0, 2, 3, 8];

    [Fact]
    public void SpreadChunksAreByteIdenticalToCBloscOnOneThread()
    {
        var random = new Random(1415);
        int spread = 0;
        for (int trial = 0; trial < 100; trial++)
        {
            int typesize = s_typesizes[random.Next(s_typesizes.Length)];
            int length = random.Next(3) switch
            {
                0 => BloscBlockJobs.MinimumBytes + random.Next(-16, 16),
                1 => random.Next(BloscBlockJobs.MinimumBytes, 2 << 20),
                _ => 4 << 20,
            };
            byte[] data = Sample(random, length);
            var serial = new BloscCodec(
                s_compressors[random.Next(s_compressors.Length)],
                random.Next(8) == 0 ? 0 : random.Next(1, 10),
                (BloscShuffle)random.Next(-1, 3),
                blocksize: s_blocksizes[random.Next(s_blocksizes.Length)],
                internalThreads: 1);
            var threaded = new BloscCodec(serial.CompressorName, serial.CompressionLevel, serial.Shuffle, serial.BlockSize,
                internalThreads: s_threads[random.Next(s_threads.Length)]);

            byte[] expected = serial.Encode(data, typesize);
            byte[] actual = threaded.Encode(data, typesize);

            string what = $"trial {trial}: {serial} typesize {typesize}, {length} bytes, {BloscHeader.Read(expected).BlockCount} blocks";
            Assert.True(expected.AsSpan().SequenceEqual(actual), what);
            Assert.True(data.AsSpan().SequenceEqual(threaded.Decode(actual)), what);
            if (BloscBlockJobs.IsWorthSpreading(length, BloscHeader.Read(expected).BlockSize, 2) && !BloscHeader.Read(expected).IsMemcpyed)
            {
                spread++;
            }
        }

        Assert.True(spread >= 30, $"only {spread} of 100 chunks had enough blocks to be spread");
    }

    [Fact]
    public void IncompressibleDataIsStoredAsCBloscStoresIt()
    {
        byte[] data = TestData.RandomBytes(3 << 20, seed: 9);
        foreach (string cname in s_compressors)
        {
            var serial = new BloscCodec(cname, 9, BloscShuffle.NoShuffle, blocksize: 65_536, internalThreads: 1);
            var threaded = new BloscCodec(cname, 9, BloscShuffle.NoShuffle, blocksize: 65_536, internalThreads: 4);

            byte[] expected = serial.Encode(data, 1);
            byte[] actual = threaded.Encode(data, 1);

            Assert.Equal(expected, actual);
            Assert.Equal(data, threaded.Decode(actual));
        }
    }

    [Fact]
    public void TooSmallADestinationFailsAsOnOneThread()
    {
        byte[] data = TestData.RandomBytes(1 << 20, seed: 3);
        var threaded = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, blocksize: 65_536, internalThreads: 4);
        byte[] destination = new byte[data.Length / 2];

        Assert.False(threaded.TryEncode(data, destination, out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void ChunksWithBlocksInCompletionOrderDecodeOnThreads()
    {
        // c-blosc's own threads (what numcodecs runs by default) place each block where it is when it finishes.
        byte[] data = TestData.SmoothFloats(1 << 20);
        byte[] chunk = CompressWithCBloscThreads(data, "zstd", clevel: 1, typesize: 4, blocksize: 16_384, threads: 4);
        Assert.True(BloscHeader.Read(chunk).BlockCount >= 64);

        foreach (int threads in new[] { 1, 2, 4 })
        {
            Assert.Equal(data, new BloscCodec(internalThreads: threads).Decode(chunk));
        }
    }

    [Fact]
    public void ACorruptBlockIsReportedFromTheThreads()
    {
        byte[] data = TestData.SmoothFloats(1 << 19);
        var codec = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, blocksize: 32_768, internalThreads: 4);
        byte[] chunk = codec.Encode(data, 4);
        BloscHeader header = BloscHeader.Read(chunk);
        Assert.True(header.BlockCount >= 8);

        // Block 5's first stream claims more compressed bytes than the chunk holds after it.
        int start = BitConverter.ToInt32(chunk, 16 + (5 * 4));
        BitConverter.TryWriteBytes(chunk.AsSpan(start), chunk.Length);

        var exception = Assert.ThrowsAny<NumCodecsException>(() => codec.Decode(chunk));
        Assert.Contains("block", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultCodecSpreadsOverEveryCore()
    {
        Assert.Equal(0, new BloscCodec().InternalThreads);
        Assert.Equal(Environment.ProcessorCount, BloscBlockJobs.DefaultThreads);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BloscCodec(internalThreads: -1));
    }

    private static byte[] Sample(Random random, int length) => random.Next(4) switch
    {
        0 => TestData.SmoothFloats((length / 4) + 1, seed: random.Next()).AsSpan(0, length).ToArray(),
        1 => TestData.Counters((length / 8) + 1).AsSpan(0, length).ToArray(),
        2 => TestData.RandomBytes(length, seed: random.Next()),
        _ => new byte[length],
    };

    internal static byte[] CompressWithCBloscThreads(byte[] data, string cname, int clevel, int typesize, int blocksize, int threads)
    {
        byte[] destination = new byte[data.Length + 16];
        byte[] name = System.Text.Encoding.ASCII.GetBytes(cname + "\0");
        int written;
        fixed (byte* source = data)
        fixed (byte* target = destination)
        fixed (byte* compressor = name)
        {
            written = Interop.Blosc.blosc_compress_ctx(
                clevel, 1, (nuint)typesize, (nuint)data.Length, source, target, (nuint)destination.Length, compressor,
                (nuint)blocksize, threads);
        }

        Assert.True(written > 0, $"c-blosc returned {written}");
        return destination.AsSpan(0, written).ToArray();
    }
}
