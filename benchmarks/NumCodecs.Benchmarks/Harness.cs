using NumCodecs.Samples;
using System.Diagnostics;
using System.Globalization;
using NumCodecs.Blosc;

namespace NumCodecs.Benchmarks;

/// <summary>
/// The C# side of the cross-language comparison (benchmarks/compare.sh): the same workloads, data and timing method
/// as the C program (native/bench/bench.c) and the numcodecs script (benchmarks/compare/reference_bench.py).
/// Not BenchmarkDotNet, so that all three measure alike: 3 warm-up calls, then batches of 8 calls until 0.3 s have
/// passed, best of 3 rounds.
/// </summary>
public static class Harness
{
    /// <summary>The workloads, by the names the three implementations share.</summary>
    public static IReadOnlyList<(string Name, Codec Codec)> Workloads { get; } =
    [
        ("blosc-lz4-shuffle", new BloscCodec("lz4", 5, BloscShuffle.Shuffle)),
        ("blosc-lz4-bitshuffle", new BloscCodec("lz4", 5, BloscShuffle.BitShuffle)),
        ("blosc-zstd-shuffle", new BloscCodec("zstd", 5, BloscShuffle.Shuffle)),
        ("blosc-zstd-bitshuffle", new BloscCodec("zstd", 5, BloscShuffle.BitShuffle)),
        ("zstd-3", new ZstdCodec(3)),
        ("lz4", new Lz4Codec()),
        ("zlib-1", new ZlibCodec(1)),
        ("bz2-1", new Bz2Codec(1)),
        ("lzma-1", new LzmaCodec(preset: 1)),
        ("gzip-1", new GZipCodec(1)),
        ("zlib-0", new ZlibCodec(0)),
    ];

    /// <summary>Sizes of the workloads' inputs, in bytes: prefixes of the sample.</summary>
    public static IReadOnlyList<int> Sizes { get; } = [4096, 65_536, 4 << 20, 16 << 20];

    /// <summary>Writes the sample the three implementations share: 16 MiB of smooth float32 with noise.</summary>
    public static void WriteSample(string path) => File.WriteAllBytes(path, SyntheticData.Make("smooth-f4", 16 << 20).Data);

    /// <summary>Runs every workload on the sample and prints one JSON line per workload, size and operation.</summary>
    public static int Run(string samplePath, TextWriter output)
    {
        byte[] sample = File.ReadAllBytes(samplePath);
        foreach (int size in Sizes.Where(s => s <= sample.Length))
        {
            ReadOnlyMemory<byte> data = sample.AsMemory(0, size);
            foreach ((string name, Codec codec) in Workloads)
            {
                if (size > 4 << 20 && codec is not BloscCodec)
                {
                    continue; // 16 MiB: Blosc only, whose threads it is for
                }

                byte[] encoded = new byte[codec.GetMaxEncodedLength(size)];
                byte[] decoded = new byte[size];
                if (!codec.TryEncode(data.Span, 4, encoded, out int encodedLength))
                {
                    throw new InvalidOperationException($"{name} could not encode {size} bytes.");
                }

                byte[] input = data.ToArray();
                byte[] packed = encoded.AsSpan(0, encodedLength).ToArray();
                var encode = new EncodeCall(codec, input, encoded);
                var decode = new DecodeCall(codec, packed, decoded);
                (double encodeRate, long encodeAllocated) = Measure(ref encode);
                (double decodeRate, long decodeAllocated) = Measure(ref decode);
                if (!data.Span.SequenceEqual(decoded))
                {
                    throw new InvalidOperationException($"{name} did not round-trip {size} bytes.");
                }

                Write(output, "csharp", name, "encode", size, encodedLength, encodeRate, encodeAllocated);
                Write(output, "csharp", name, "decode", size, encodedLength, decodeRate, decodeAllocated);

                // .NET's own ZLibStream and GZipStream (zlib-ng) on the same data, for the zlib and gzip rows: decoding our
                // stream, and encoding at their nearest level (their output differs from zlib's, so only speed compares).
                if (codec is ZlibCodec or GZipCodec)
                {
                    bool gzip = codec is GZipCodec;
                    System.IO.Compression.CompressionLevel level = name.EndsWith("-0", StringComparison.Ordinal)
                        ? System.IO.Compression.CompressionLevel.NoCompression
                        : System.IO.Compression.CompressionLevel.Fastest;
                    var bclEncode = new BclEncodeCall(gzip, level, input);
                    var bclDecode = new BclDecodeCall(gzip, packed, decoded);
                    (double bclEncodeRate, long bclEncodeAllocated) = Measure(ref bclEncode);
                    Array.Clear(decoded);
                    (double bclDecodeRate, long bclDecodeAllocated) = Measure(ref bclDecode);
                    if (!data.Span.SequenceEqual(decoded))
                    {
                        throw new InvalidOperationException($"{name} did not round-trip {size} bytes through the BCL.");
                    }

                    Write(output, "bcl", name, "encode", size, bclEncode.LastLength, bclEncodeRate, bclEncodeAllocated);
                    Write(output, "bcl", name, "decode", size, encodedLength, bclDecodeRate, bclDecodeAllocated);
                }

                // Blosc on the calling thread alone, measured right after the default (every core), for the ratio of
                // the two in the same minute.
                if (codec is BloscCodec blosc)
                {
                    var single = new BloscCodec(blosc.CompressorName, blosc.CompressionLevel, blosc.Shuffle, blosc.BlockSize, internalThreads: 1);
                    var singleEncode = new EncodeCall(single, input, encoded);
                    var singleDecode = new DecodeCall(single, packed, decoded);
                    (double singleEncodeRate, long singleEncodeAllocated) = Measure(ref singleEncode);
                    (double singleDecodeRate, long singleDecodeAllocated) = Measure(ref singleDecode);
                    Write(output, "csharp-1-thread", name, "encode", size, encodedLength, singleEncodeRate, singleEncodeAllocated);
                    Write(output, "csharp-1-thread", name, "decode", size, encodedLength, singleDecodeRate, singleDecodeAllocated);
                }
            }
        }

        return 0;
    }

    /// <summary>One codec call; a struct, so that the measuring loop calls the codec directly, as an application would.</summary>
    private interface ICall
    {
        bool Invoke();
    }

    private readonly struct EncodeCall(Codec codec, byte[] source, byte[] destination) : ICall
    {
        public bool Invoke() => codec.TryEncode(source, 4, destination, out _);
    }

    private readonly struct DecodeCall(Codec codec, byte[] source, byte[] destination) : ICall
    {
        public bool Invoke() => codec.TryDecode(source, destination, out _);
    }

    /// <summary>Compresses with ZLibStream or GZipStream into a reused stream.</summary>
    private sealed class BclEncodeCall(bool gzip, System.IO.Compression.CompressionLevel level, byte[] source) : ICall
    {
        private readonly MemoryStream _output = new(source.Length + 1024);

        public int LastLength { get; private set; }

        public bool Invoke()
        {
            _output.SetLength(0);
            using (Stream compressor = gzip
                ? new System.IO.Compression.GZipStream(_output, level, leaveOpen: true)
                : new System.IO.Compression.ZLibStream(_output, level, leaveOpen: true))
            {
                compressor.Write(source);
            }

            LastLength = (int)_output.Length;
            return true;
        }
    }

    /// <summary>Decompresses with ZLibStream or GZipStream into the destination, as a .NET user reading a chunk would.</summary>
    private sealed class BclDecodeCall(bool gzip, byte[] source, byte[] destination) : ICall
    {
        private readonly MemoryStream _input = new(source, writable: false);

        public bool Invoke()
        {
            _input.Position = 0;
            using Stream decompressor = gzip
                ? new System.IO.Compression.GZipStream(_input, System.IO.Compression.CompressionMode.Decompress, leaveOpen: true)
                : new System.IO.Compression.ZLibStream(_input, System.IO.Compression.CompressionMode.Decompress, leaveOpen: true);
            decompressor.ReadExactly(destination);
            return true;
        }
    }

    // A struct call is specialised by the JIT, so the loop calls the codec directly; the BCL calls are classes (they
    // keep a stream), a virtual call each, which is nothing beside a stream's setup.
    private static (double CallsPerSecond, long AllocatedPerCall) Measure<TCall>(ref TCall call)
        where TCall : ICall
    {
        for (int i = 0; i < 3; i++)
        {
            call.Invoke();
        }

        double best = 0;
        long allocated = 0;
        for (int round = 0; round < 3; round++)
        {
            long calls = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            do
            {
                for (int i = 0; i < 8; i++)
                {
                    call.Invoke();
                }

                calls += 8;
            }
            while (clock.Elapsed.TotalSeconds < 0.3);

            double rate = calls / clock.Elapsed.TotalSeconds;
            allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / calls;
            best = Math.Max(best, rate);
        }

        return (best, allocated);
    }

    private static void Write(TextWriter output, string impl, string workload, string op, int bytes, int encodedBytes, double rate, long allocated) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"impl\": \"{impl}\", \"workload\": \"{workload}\", \"op\": \"{op}\", \"bytes\": {bytes}, \"encoded_bytes\": {encodedBytes}, " +
            $"\"calls_per_second\": {rate:F1}, \"mb_per_second\": {rate * bytes / 1e6:F1}, \"allocated_bytes_per_call\": {allocated}}}"));
}
