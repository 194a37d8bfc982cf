using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using NumCodecs.IO;
using NumCodecs.Pipeline;

namespace NumCodecs.Benchmarks;

/// <summary>
/// A 64 MiB Zarr v3 shard in a file: [4096, 4096] float32 in 64 inner chunks of [512, 512], each bytes + Blosc (lz4,
/// shuffle, 64 KiB blocks), index at the end with crc32c. Reading one element or one row through the pipeline's
/// partial decoder against reading and decoding the whole shard, as a reader without partial decoding does.
/// </summary>
[MemoryDiagnoser]
public class ShardPartialBenchmarks
{
    private const int Side = 4096;
    private string _path = "";
    private CodecPipeline _pipeline = null!;
    private FileByteRangeSource? _file;
    private IArrayPartialDecoder? _warm;
    private byte[] _shard = [];
    private byte[] _decoded = [];
    private readonly byte[] _row = new byte[Side * sizeof(float)];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        const string Codecs = """
            [{"name": "sharding_indexed", "configuration": {"chunk_shape": [512, 512],
              "codecs": [{"name": "bytes", "configuration": {"endian": "little"}},
                         {"name": "blosc", "configuration": {"cname": "lz4", "clevel": 5, "shuffle": "shuffle", "typesize": 4, "blocksize": 16384}}],
              "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}],
              "index_location": "end"}}]
            """;
        _pipeline = CodecPipeline.FromV3(Codecs, new ChunkSpec([Side, Side], DType.ParseZarrV3("float32")));
        var values = new float[Side * Side];
        var random = new Random(42);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (MathF.Sin(i * 1e-4f) * 1000) + (float)random.NextDouble();
        }

        byte[] shard = _pipeline.Encode<float>(values);
        _path = Path.Combine(Path.GetTempPath(), $"numcodecs-bench-shard-{Environment.ProcessId}.bin");
        File.WriteAllBytes(_path, shard);
        _shard = new byte[shard.Length];
        _decoded = new byte[Side * Side * sizeof(float)];
        _file = new FileByteRangeSource(_path);
        _warm = _pipeline.CreatePartialDecoder(_file);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _file?.Dispose();
        File.Delete(_path);
    }

    private int NextIndex() => _next = (int)((_next + 2_654_435_761L) % Side);

    [Benchmark(Baseline = true, Description = "whole shard: read + decode")]
    public float WholeShard()
    {
        int row = NextIndex();
        _file!.Read(0, _shard);
        _pipeline.Decode(_shard, _decoded);
        return BitConverter.ToSingle(_decoded, ((row * Side) + row) * sizeof(float));
    }

    [Benchmark(Description = "one element, new decoder")]
    public float OneElementCold()
    {
        int row = NextIndex();
        Span<byte> element = stackalloc byte[4];
        _pipeline.CreatePartialDecoder(_file!).Decode([new DimensionSlice(row, row + 1), new DimensionSlice(row, row + 1)], element);
        return BitConverter.ToSingle(element);
    }

    [Benchmark(Description = "one element, warm decoder")]
    public float OneElementWarm()
    {
        int row = NextIndex();
        Span<byte> element = stackalloc byte[4];
        _warm!.Decode([new DimensionSlice(row, row + 1), new DimensionSlice(row, row + 1)], element);
        return BitConverter.ToSingle(element);
    }

    [Benchmark(Description = "one row (8 inner chunks), warm decoder")]
    public float OneRowWarm()
    {
        int row = NextIndex();
        _warm!.Decode([new DimensionSlice(row, row + 1), new DimensionSlice(0, Side)], _row);
        return MemoryMarshal.Cast<byte, float>(_row)[row];
    }
}
