using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace NumCodecs.Benchmarks;

/// <summary>
/// The shuffle filter through c-blosc's SIMD kernels against the byte transpose written out in C#
/// (<see cref="ShuffleCodec.ScalarTranspose"/>, what the filter ran before), in one run.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(ThroughputConfig))]
public class ShuffleBenchmarks : IDescribedBenchmark
{
    private byte[] _data = [];
    private byte[] _shuffled = [];
    private byte[] _output = [];
    private ShuffleCodec _shuffle = new();

    /// <summary>Bytes per call.</summary>
    [Params(64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    /// <summary>Shuffle element size in bytes.</summary>
    [Params(2, 4, 8)]
    public int ElementSize { get; set; }

    /// <inheritdoc/>
    public int UncompressedBytes => Size;

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(3).NextBytes(_data);
        _output = new byte[Size];
        _shuffle = new ShuffleCodec(ElementSize);
        _shuffled = _shuffle.Encode(_data);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("shuffle encode")]
    public void ShuffleScalar() => ShuffleCodec.ScalarTranspose(_data, _output, ElementSize);

    [Benchmark, BenchmarkCategory("shuffle encode")]
    public int ShuffleKernel() => _shuffle.TryEncode(_data, _output, out int n) ? n : -1;

    [Benchmark(Baseline = true), BenchmarkCategory("shuffle decode")]
    public void UnshuffleScalar() => ShuffleCodec.ScalarTranspose(_shuffled, _output, Size / ElementSize);

    [Benchmark, BenchmarkCategory("shuffle decode")]
    public int UnshuffleKernel() => _shuffle.TryDecode(_shuffled, _output, out int n) ? n : -1;
}

/// <summary>
/// The delta filter's typed path (dtype = astype in the machine's byte order: Vector&lt;T&gt; differences, typed sums)
/// against its element-by-element path (the same dtype big-endian, which that path serves), in one run.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(ThroughputConfig))]
public class DeltaBenchmarks : IDescribedBenchmark
{
    private readonly DeltaCodec _deltaTyped = new(DType.Parse("<i8"));
    private readonly DeltaCodec _deltaElement = new(DType.Parse(">i8"));
    private readonly DeltaCodec _deltaFloatTyped = new(DType.Parse("<f4"));
    private readonly DeltaCodec _deltaFloatElement = new(DType.Parse(">f4"));
    private byte[] _data = [];
    private byte[] _output = [];
    private byte[] _deltaEncoded = [];

    /// <summary>Bytes per call.</summary>
    [Params(64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    /// <inheritdoc/>
    public int UncompressedBytes => Size;

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(3).NextBytes(_data);
        _output = new byte[Size];
        _deltaEncoded = _deltaTyped.Encode(_data);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("delta i8 encode")]
    public int DeltaElementEncode() => _deltaElement.TryEncode(_data, _output, out int n) ? n : -1;

    [Benchmark, BenchmarkCategory("delta i8 encode")]
    public int DeltaTypedEncode() => _deltaTyped.TryEncode(_data, _output, out int n) ? n : -1;

    [Benchmark(Baseline = true), BenchmarkCategory("delta i8 decode")]
    public int DeltaElementDecode() => _deltaElement.TryDecode(_deltaEncoded, _output, out int n) ? n : -1;

    [Benchmark, BenchmarkCategory("delta i8 decode")]
    public int DeltaTypedDecode() => _deltaTyped.TryDecode(_deltaEncoded, _output, out int n) ? n : -1;

    [Benchmark(Baseline = true), BenchmarkCategory("delta f4 encode")]
    public int DeltaFloatElementEncode() => _deltaFloatElement.TryEncode(_data, _output, out int n) ? n : -1;

    [Benchmark, BenchmarkCategory("delta f4 encode")]
    public int DeltaFloatTypedEncode() => _deltaFloatTyped.TryEncode(_data, _output, out int n) ? n : -1;
}

/// <summary>
/// The bitround filter on <see cref="System.Numerics.Vector{T}"/> lanes against the one-float-at-a-time arithmetic it
/// replaced (<see cref="BitRoundCodec.ScalarRound"/>), float32 and float64 keeping 10 mantissa bits, in one run.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(ThroughputConfig))]
public class BitRoundBenchmarks : IDescribedBenchmark
{
    private const int KeepBits = 10;
    private readonly BitRoundCodec _codec = new(KeepBits);
    private byte[] _data = [];
    private byte[] _output = [];

    /// <summary>Bytes per call.</summary>
    [Params(64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    /// <summary>Float width in bytes.</summary>
    [Params(4, 8)]
    public int ItemSize { get; set; }

    /// <inheritdoc/>
    public int UncompressedBytes => Size;

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(3).NextBytes(_data);
        _output = new byte[Size];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("bitround encode")]
    public void Scalar()
    {
        _data.CopyTo(_output, 0);
        BitRoundCodec.ScalarRound(_output, ItemSize, (ItemSize == 4 ? 23 : 52) - KeepBits);
    }

    [Benchmark, BenchmarkCategory("bitround encode")]
    public int Vectorised() => _codec.TryEncode(_data, ItemSize, _output, out int n) ? n : -1;
}
