using NumCodecs.Samples;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NumCodecs.Blosc;

namespace NumCodecs.Benchmarks;

/// <summary>Adds throughput and compression-ratio columns to a benchmark class.</summary>
public sealed class CodecColumnsConfig : ManualConfig
{
    public CodecColumnsConfig()
    {
        AddColumn(new ThroughputColumn(), new CompressionRatioColumn());
    }
}

/// <summary>Adds the throughput column only (for classes that compare several codecs per case).</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddColumn(new ThroughputColumn());
    }
}

/// <summary>Quick mode (NUMCODECS_BENCH_QUICK=1, set by <c>--quick</c>) narrows every parameter list.</summary>
internal static class BenchmarkMode
{
    public static bool Quick => Environment.GetEnvironmentVariable("NUMCODECS_BENCH_QUICK") == "1";

    public static IEnumerable<int> Sizes => Quick ? [1 << 20] : [64 << 10, 1 << 20, 16 << 20];

    public static IEnumerable<string> DataSetNames => Quick ? ["smooth-f4", "random"] : SyntheticData.Names;
}

/// <summary>The data-set and size parameters every codec benchmark class runs over.</summary>
public abstract class DataSetBenchmark : IDescribedBenchmark
{
    [ParamsSource(nameof(DataSetNames))]
    public string DataSet { get; set; } = "smooth-f4";

    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; } = 1 << 20;

    public static IEnumerable<string> DataSetNames => BenchmarkMode.DataSetNames;

    public static IEnumerable<int> Sizes => BenchmarkMode.Sizes;

    public int UncompressedBytes => Size;
}

/// <summary>Shared state of a codec benchmark: the data, the encoded data and output buffers.</summary>
public abstract class CodecBenchmarkBase : DataSetBenchmark, IRatioBenchmark
{
    private byte[] _data = [];
    private byte[] _encoded = [];
    private byte[] _decoded = [];
    private byte[] _scratch = [];
    private int _encodedLength;
    private int _itemSize;
    private Codec _codec = new ZstdCodec();

    [GlobalSetup]
    public void Setup()
    {
        (_data, _itemSize) = SyntheticData.Make(DataSet, Size);
        _codec = CreateCodec(_itemSize);
        _scratch = new byte[_codec.GetMaxEncodedLength(_data.Length)];
        _encoded = _codec.Encode(_data, _itemSize);
        _encodedLength = _encoded.Length;
        _decoded = new byte[_data.Length];
    }

    public double CompressionRatio() => (double)_data.Length / _encodedLength;

    [Benchmark]
    public int Encode()
    {
        _codec.TryEncode(_data, _itemSize, _scratch, out int written);
        return written;
    }

    [Benchmark]
    public int Decode()
    {
        _codec.TryDecode(_encoded, _decoded, out int written);
        return written;
    }

    protected abstract Codec CreateCodec(int itemSize);
}

/// <summary>Encode and decode of the zstd, lz4, zlib and gzip codecs over every data set and size.</summary>
[MemoryDiagnoser]
[Config(typeof(CodecColumnsConfig))]
public class CodecBenchmarks : CodecBenchmarkBase
{
    [ParamsSource(nameof(CodecNames))]
    public string Codec { get; set; } = "zstd-3";

    public static IEnumerable<string> CodecNames =>
        BenchmarkMode.Quick ? ["zstd-3", "lz4", "zlib-1"] : ["zstd-1", "zstd-3", "zstd-9", "lz4", "zlib-1", "zlib-6", "gzip-1"];

    protected override Codec CreateCodec(int itemSize) => Codec switch
    {
        "lz4" => new Lz4Codec(),
        _ when Codec.StartsWith("zstd-", StringComparison.Ordinal) => new ZstdCodec(int.Parse(Codec[5..], System.Globalization.CultureInfo.InvariantCulture)),
        _ when Codec.StartsWith("zlib-", StringComparison.Ordinal) => new ZlibCodec(int.Parse(Codec[5..], System.Globalization.CultureInfo.InvariantCulture)),
        _ when Codec.StartsWith("gzip-", StringComparison.Ordinal) => new GZipCodec(int.Parse(Codec[5..], System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException(Codec),
    };
}

/// <summary>Blosc: every compressor x shuffle x typesize (1, 4, 8), over every data set and size.</summary>
[MemoryDiagnoser]
[Config(typeof(CodecColumnsConfig))]
public class BloscBenchmarks : CodecBenchmarkBase
{
    [ParamsSource(nameof(CompressorNames))]
    public string Cname { get; set; } = "lz4";

    [ParamsSource(nameof(Shuffles))]
    public BloscShuffle Shuffle { get; set; } = BloscShuffle.Shuffle;

    [ParamsSource(nameof(TypeSizes))]
    public int TypeSize { get; set; } = 4;

    public static IEnumerable<string> CompressorNames => BenchmarkMode.Quick ? ["lz4", "zstd"] : ["blosclz", "lz4", "lz4hc", "zlib", "zstd"];

    public static IEnumerable<BloscShuffle> Shuffles =>
        BenchmarkMode.Quick ? [BloscShuffle.Shuffle, BloscShuffle.BitShuffle] : [BloscShuffle.NoShuffle, BloscShuffle.Shuffle, BloscShuffle.BitShuffle];

    public static IEnumerable<int> TypeSizes => BenchmarkMode.Quick ? [4] : [1, 4, 8];

    protected override Codec CreateCodec(int itemSize) => new BloscCodec(Cname, 5, Shuffle, typesize: TypeSize);
}
