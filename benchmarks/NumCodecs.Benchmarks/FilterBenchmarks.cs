using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace NumCodecs.Benchmarks;

/// <summary>
/// What the filter benchmarks share: random input of <see cref="Size"/> bytes, an output buffer as large, and the
/// columns; each class compares a filter's fast path with the plain loop it replaced, in one run.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(ThroughputConfig))]
public abstract class FilterBenchmark : IDescribedBenchmark
{
    /// <summary>Bytes per call.</summary>
    [Params(64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    /// <inheritdoc/>
    public int UncompressedBytes => Size;

    /// <summary>The input: random bytes.</summary>
    protected byte[] Data { get; private set; } = [];

    /// <summary>Where each call writes.</summary>
    protected byte[] Output { get; private set; } = [];

    [GlobalSetup]
    public void Setup()
    {
        Data = new byte[Size];
        new Random(3).NextBytes(Data);
        Output = new byte[Size];
        SetUpCase();
    }

    /// <summary>Prepares what a class needs beyond the input, after <see cref="Data"/> is filled.</summary>
    protected virtual void SetUpCase()
    {
    }
}

/// <summary>
/// The shuffle filter through c-blosc's SIMD kernels against the byte transpose written out in C#
/// (<see cref="ShuffleCodec.ScalarTranspose"/>, what the filter ran before), in one run.
/// </summary>
public class ShuffleBenchmarks : FilterBenchmark
{
    private byte[] _shuffled = [];
    private ShuffleCodec _shuffle = new();

    /// <summary>Shuffle element size in bytes.</summary>
    [Params(2, 4, 8)]
    public int ElementSize { get; set; }

    /// <inheritdoc/>
    protected override void SetUpCase()
    {
        _shuffle = new ShuffleCodec(ElementSize);
        _shuffled = _shuffle.Encode(Data);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("shuffle encode")]
    public void ShuffleScalar() => ShuffleCodec.ScalarTranspose(Data, Output, ElementSize);

    [Benchmark, BenchmarkCategory("shuffle encode")]
    public int ShuffleKernel() => _shuffle.TryEncode(Data, Output, out int n) ? n : -1;

    [Benchmark(Baseline = true), BenchmarkCategory("shuffle decode")]
    public void UnshuffleScalar() => ShuffleCodec.ScalarTranspose(_shuffled, Output, Size / ElementSize);

    [Benchmark, BenchmarkCategory("shuffle decode")]
    public int UnshuffleKernel() => _shuffle.TryDecode(_shuffled, Output, out int n) ? n : -1;
}

/// <summary>
/// The delta filter's typed path (dtype = astype in the machine's byte order: Vector&lt;T&gt; differences, typed sums)
/// against its element-by-element path (the same dtype big-endian, which that path serves), in one run.
/// </summary>
public class DeltaBenchmarks : FilterBenchmark
{
    private readonly DeltaCodec _deltaTyped = new(DType.Parse("<i8"));
    private readonly DeltaCodec _deltaElement = new(DType.Parse(">i8"));
    private readonly DeltaCodec _deltaFloatTyped = new(DType.Parse("<f4"));
    private readonly DeltaCodec _deltaFloatElement = new(DType.Parse(">f4"));
    private byte[] _deltaEncoded = [];

    /// <inheritdoc/>
    protected override void SetUpCase() => _deltaEncoded = _deltaTyped.Encode(Data);

    [Benchmark(Baseline = true), BenchmarkCategory("delta i8 encode")]
    public int DeltaElementEncode() => _deltaElement.TryEncode(Data, Output, out int n) ? n : -1;

    [Benchmark, BenchmarkCategory("delta i8 encode")]
    public int DeltaTypedEncode() => _deltaTyped.TryEncode(Data, Output, out int n) ? n : -1;

    [Benchmark(Baseline = true), BenchmarkCategory("delta i8 decode")]
    public int DeltaElementDecode() => _deltaElement.TryDecode(_deltaEncoded, Output, out int n) ? n : -1;

    [Benchmark, BenchmarkCategory("delta i8 decode")]
    public int DeltaTypedDecode() => _deltaTyped.TryDecode(_deltaEncoded, Output, out int n) ? n : -1;

    [Benchmark(Baseline = true), BenchmarkCategory("delta f4 encode")]
    public int DeltaFloatElementEncode() => _deltaFloatElement.TryEncode(Data, Output, out int n) ? n : -1;

    [Benchmark, BenchmarkCategory("delta f4 encode")]
    public int DeltaFloatTypedEncode() => _deltaFloatTyped.TryEncode(Data, Output, out int n) ? n : -1;
}

/// <summary>
/// The bitround filter on <see cref="System.Numerics.Vector{T}"/> lanes against the one-float-at-a-time arithmetic it
/// replaced (<see cref="BitRoundCodec.ScalarRound"/>), float32 and float64 keeping 10 mantissa bits, in one run.
/// </summary>
public class BitRoundBenchmarks : FilterBenchmark
{
    private const int KeepBits = 10;
    private readonly BitRoundCodec _codec = new(KeepBits);
    /// <summary>Float width in bytes.</summary>
    [Params(4, 8)]
    public int ItemSize { get; set; }

    [Benchmark(Baseline = true), BenchmarkCategory("bitround encode")]
    public void Scalar()
    {
        Data.CopyTo(Output, 0);
        BitRoundCodec.ScalarRound(Output, ItemSize, (ItemSize == 4 ? 23 : 52) - KeepBits);
    }

    [Benchmark, BenchmarkCategory("bitround encode")]
    public int Vectorised() => _codec.TryEncode(Data, ItemSize, Output, out int n) ? n : -1;
}
