using BenchmarkDotNet.Attributes;
using NumCodecs.Blosc;
using NumCodecs.IO;

namespace NumCodecs.Benchmarks;

/// <summary>
/// One float32 item from a 64 MiB Blosc chunk with 256 KiB blocks in a file: a partial read (header, table, one block)
/// against reading and decoding the whole chunk.
/// </summary>
[MemoryDiagnoser]
public class PartialDecodeBenchmarks
{
    private const int Items = 16 << 20; // 64 MiB of float32
    private string _path = "";
    private byte[] _compressed = [];
    private byte[] _decoded = [];
    private FileByteRangeSource? _file;
    private MemoryMappedByteRangeSource? _mapped;
    private readonly BloscCodec _codec = new();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var values = new float[Items];
        var random = new Random(42);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (MathF.Sin(i * 1e-4f) * 1000) + (float)random.NextDouble();
        }

        // lz4 widens a forced blocksize by the item size: 64 KiB * 4 = 256 KiB blocks.
        byte[] chunk = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, blocksize: 65_536).Encode<float>(values);
        BloscHeader header = BloscHeader.Read(chunk);
        if (header.BlockSize != 256 * 1024)
        {
            throw new InvalidOperationException($"Expected 256 KiB blocks, got {header}.");
        }

        _path = Path.Combine(Path.GetTempPath(), $"numcodecs-bench-{Environment.ProcessId}.blosc");
        File.WriteAllBytes(_path, chunk);
        _compressed = new byte[chunk.Length];
        _decoded = new byte[Items * sizeof(float)];
        _file = new FileByteRangeSource(_path);
        _mapped = new MemoryMappedByteRangeSource(_path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _file?.Dispose();
        _mapped?.Dispose();
        File.Delete(_path);
    }

    private int NextItem() => _next = (int)((_next + 2_654_435_761L) % Items);

    [Benchmark(Baseline = true, Description = "full read + decode")]
    public float FullReadAndDecode()
    {
        int item = NextItem();
        _file!.Read(0, _compressed);
        _codec.Decode(_compressed, _decoded);
        return BitConverter.ToSingle(_decoded, item * sizeof(float));
    }

    [Benchmark(Description = "partial read, file")]
    public float PartialFromFile()
    {
        Span<byte> item = stackalloc byte[4];
        new BloscChunkReader(_file!).ReadItems(NextItem(), 1, item);
        return BitConverter.ToSingle(item);
    }

    [Benchmark(Description = "partial, memory-mapped")]
    public float PartialFromMapping()
    {
        Span<byte> item = stackalloc byte[4];
        new BloscChunkReader(_mapped!).ReadItems(NextItem(), 1, item);
        return BitConverter.ToSingle(item);
    }
}
