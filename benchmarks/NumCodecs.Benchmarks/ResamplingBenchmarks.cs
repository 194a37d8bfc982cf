using BenchmarkDotNet.Attributes;
using NumCodecs.Blosc;
using NumCodecs.IO;

namespace NumCodecs.Benchmarks;

/// <summary>
/// The single-cell workload: 10,000 random rows of a 65,536 x 128 float32 matrix stored as Blosc chunks of
/// 1,024 rows (512 KiB, 64 KiB blocks), one file per chunk, read by whole-chunk decode, partial reads, partial reads
/// with a block cache, and partial reads from memory mappings; on one thread and on two.
/// </summary>
[MemoryDiagnoser]
public class ResamplingBenchmarks
{
    private const int Rows = 65_536;
    private const int Columns = 128;
    private const int RowsPerChunk = 1024;
    private const int Samples = 10_000;
    private const int RowBytes = Columns * sizeof(float);
    private const int ChunkBytes = RowsPerChunk * RowBytes;

    private string _folder = "";
    private int[] _rows = [];
    private FileByteRangeSource[] _files = [];
    private MemoryMappedByteRangeSource[] _mappings = [];
    private BloscChunkReader[] _fileReaders = [];
    private BloscChunkReader[] _mappedReaders = [];
    private BloscChunkReader[] _cachedReaders = [];
    private BloscBlockCache? _cache;
    private readonly BloscCodec _codec = new();

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"numcodecs-resample-{Environment.ProcessId}");
        Directory.CreateDirectory(_folder);
        var random = new Random(7);
        var codec = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, blocksize: 16_384); // 64 KiB blocks for float32
        int chunks = Rows / RowsPerChunk;
        var values = new float[RowsPerChunk * Columns];
        for (int c = 0; c < chunks; c++)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = MathF.Round((float)random.NextDouble() * 20, 1); // expression-like counts
            }

            File.WriteAllBytes(ChunkPath(c), codec.Encode<float>(values));
        }

        _rows = Enumerable.Range(0, Samples).Select(_ => random.Next(Rows)).ToArray();
        _files = Enumerable.Range(0, chunks).Select(c => new FileByteRangeSource(ChunkPath(c))).ToArray();
        _mappings = Enumerable.Range(0, chunks).Select(c => new MemoryMappedByteRangeSource(ChunkPath(c))).ToArray();
        _fileReaders = _files.Select(f => new BloscChunkReader(f)).ToArray();
        _mappedReaders = _mappings.Select(m => new BloscChunkReader(m)).ToArray();
        _cache = new BloscBlockCache(64L << 20);
        var cached = new BloscPartialOptions { Cache = _cache };
        _cachedReaders = _files.Select(f => new BloscChunkReader(f, options: cached)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (FileByteRangeSource file in _files)
        {
            file.Dispose();
        }

        foreach (MemoryMappedByteRangeSource mapping in _mappings)
        {
            mapping.Dispose();
        }

        _cache?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "whole-chunk decode")]
    public float WholeChunkDecode() => Run(() => (new byte[ChunkBytes], new byte[ChunkBytes]), (state, row, destination) =>
    {
        (byte[] compressed, byte[] decoded) = state;
        FileByteRangeSource file = _files[row / RowsPerChunk];
        int length = file.Read(0, compressed);
        _codec.Decode(compressed.AsSpan(0, length), decoded);
        decoded.AsSpan((row % RowsPerChunk) * RowBytes, RowBytes).CopyTo(destination);
    });

    [Benchmark(Description = "partial reads")]
    public float PartialReads() => Run(() => 0, (_, row, destination) =>
        _fileReaders[row / RowsPerChunk].ReadItems((row % RowsPerChunk) * Columns, Columns, destination));

    [Benchmark(Description = "partial reads + block cache")]
    public float PartialReadsCached() => Run(() => 0, (_, row, destination) =>
        _cachedReaders[row / RowsPerChunk].ReadItems((row % RowsPerChunk) * Columns, Columns, destination));

    [Benchmark(Description = "memory-mapped")]
    public float MemoryMapped() => Run(() => 0, (_, row, destination) =>
        _mappedReaders[row / RowsPerChunk].ReadItems((row % RowsPerChunk) * Columns, Columns, destination));

    private delegate void RowReader<TState>(TState state, int row, Span<byte> destination);

    /// <summary>Reads every sampled row on <see cref="Threads"/> threads; returns a checksum so nothing is optimised away.</summary>
    private float Run<TState>(Func<TState> makeState, RowReader<TState> read)
    {
        float total = 0;
        var gate = new object();
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, worker =>
        {
            TState state = makeState();
            byte[] row = new byte[RowBytes];
            float sum = 0;
            for (int i = worker; i < _rows.Length; i += Threads)
            {
                read(state, _rows[i], row);
                sum += BitConverter.ToSingle(row, 0);
            }

            lock (gate)
            {
                total += sum;
            }
        });
        return total;
    }

    private string ChunkPath(int chunk) => Path.Combine(_folder, $"{chunk}.blosc");
}
