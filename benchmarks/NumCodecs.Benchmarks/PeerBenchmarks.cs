using NumCodecs.Samples;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using K4os.Compression.LZ4;

namespace NumCodecs.Benchmarks;

/// <summary>
/// NumCodecs beside the managed libraries a .NET user would otherwise pick, on the same data in the same run:
/// ZstdSharp.Port against our Zstd, K4os.Compression.LZ4 against our LZ4, System.IO.Compression's ZLibStream against
/// our Zlib. Ratio is peer time over ours' baseline within each category.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(ThroughputConfig))]
public class PeerBenchmarks : DataSetBenchmark
{
    private readonly ZstdCodec _zstd = new(3);
    private readonly Lz4Codec _lz4 = new();
    private readonly ZlibCodec _zlib = new(1);
    private readonly ZstdSharp.Compressor _zstdSharpCompressor = new(3);
    private readonly ZstdSharp.Decompressor _zstdSharpDecompressor = new();
    private byte[] _data = [];
    private byte[] _scratch = [];
    private byte[] _decoded = [];
    private byte[] _zstdEncoded = [];
    private byte[] _lz4Encoded = [];
    private byte[] _lz4Block = [];
    private byte[] _zlibEncoded = [];

    [GlobalSetup]
    public void Setup()
    {
        (_data, _) = SyntheticData.Make(DataSet, Size);
        // ZLibStream (zlib-ng) at its fastest level uses fixed Huffman codes and can grow random data by about 1/8,
        // more than zlib's own bound, so the scratch buffer has room for twice the input.
        _scratch = new byte[(2 * Size) + 1024];
        _decoded = new byte[Size];
        _zstdEncoded = _zstd.Encode(_data);
        _lz4Encoded = _lz4.Encode(_data);
        _lz4Block = _lz4Encoded[4..]; // the same LZ4 block without numcodecs' length prefix, for K4os
        _zlibEncoded = _zlib.Encode(_data);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("zstd encode")]
    public int ZstdEncode() => _zstd.TryEncode(_data, _scratch, out int n) ? n : -1;

    [Benchmark, BenchmarkCategory("zstd encode")]
    public int ZstdSharpEncode() => _zstdSharpCompressor.Wrap(_data, _scratch);

    [Benchmark(Baseline = true), BenchmarkCategory("zstd decode")]
    public int ZstdDecode() => _zstd.TryDecode(_zstdEncoded, _decoded, out int n) ? n : -1;

    [Benchmark, BenchmarkCategory("zstd decode")]
    public int ZstdSharpDecode() => _zstdSharpDecompressor.Unwrap(_zstdEncoded, _decoded);

    [Benchmark(Baseline = true), BenchmarkCategory("lz4 encode")]
    public int Lz4Encode() => _lz4.TryEncode(_data, _scratch, out int n) ? n : -1;

    [Benchmark, BenchmarkCategory("lz4 encode")]
    public int K4osEncode() => LZ4Codec.Encode(_data, _scratch, LZ4Level.L00_FAST);

    [Benchmark(Baseline = true), BenchmarkCategory("lz4 decode")]
    public int Lz4Decode() => _lz4.TryDecode(_lz4Encoded, _decoded, out int n) ? n : -1;

    [Benchmark, BenchmarkCategory("lz4 decode")]
    public int K4osDecode() => LZ4Codec.Decode(_lz4Block, _decoded);

    [Benchmark(Baseline = true), BenchmarkCategory("zlib encode")]
    public int ZlibEncode() => _zlib.TryEncode(_data, _scratch, out int n) ? n : -1;

    [Benchmark, BenchmarkCategory("zlib encode")]
    public int ZLibStreamEncode()
    {
        using var output = new MemoryStream(_scratch);
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(_data);
        }

        return (int)output.Position;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("zlib decode")]
    public int ZlibDecode() => _zlib.TryDecode(_zlibEncoded, _decoded, out int n) ? n : -1;

    [Benchmark, BenchmarkCategory("zlib decode")]
    public int ZLibStreamDecode()
    {
        using var input = new MemoryStream(_zlibEncoded);
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        int total = 0;
        int read;
        while ((read = zlib.Read(_decoded, total, _decoded.Length - total)) > 0)
        {
            total += read;
        }

        return total;
    }
}
