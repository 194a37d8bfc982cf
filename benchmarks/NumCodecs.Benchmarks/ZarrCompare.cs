using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NumCodecs.Blosc;
using NumCodecs.Zarr;
using NumCodecs.Zarr.Stores;

namespace NumCodecs.Benchmarks;

/// <summary>
/// The NumCodecs side of the Zarr comparison (benchmarks/compare-zarr.sh), beside benchmarks/compare/zarr_python_bench.py
/// and benchmarks/compare/zarrita_bench.mjs: the same stores, workloads, timing and JSON-lines output.
/// <c>zarr-stores DIR</c> writes the stores; <c>zarr-compare DIR [--http URL] [--threads 1,2,4] [--workloads a,b]
/// [--repeat N]</c> measures them.
/// </summary>
public static class ZarrCompare
{
    private const int BatchCount = 100;
    private const int BatchRows = 256;
    private const int WarmUpBatches = 5;

    private static readonly string[] FileWorkloads = ["whole-blosc", "whole-zstd-sharded", "minibatch-blosc", "minibatch-sharded"];
    private static readonly string[] HttpWorkloads = ["minibatch-blosc", "minibatch-sharded"];

    /// <summary>
    /// Writes the four stores and the minibatch rows under <paramref name="folder"/>: two 16384 x 16384 float32 arrays
    /// (1 GiB; Zarr v2 Blosc lz4 shuffle in 1024 x 1024 chunks, and Zarr v3 zstd in 4096 x 4096 shards of 1024 x 1024
    /// inner chunks) and two 1,000,000 x 256 float32 matrices (Zarr v2 Blosc lz4 shuffle in 10,000-row chunks, and
    /// Zarr v3 10,000-row shards of 1,000-row Blosc lz4 inner chunks), plus rows.bin (100 x 256 int32 row indices).
    /// </summary>
    public static int WriteStores(string folder)
    {
        Directory.CreateDirectory(folder);
        JsonObject blosc = new() { ["id"] = "blosc", ["cname"] = "lz4", ["clevel"] = 5, ["shuffle"] = 1, ["blocksize"] = 0 };
        string bytes = """{"name": "bytes", "configuration": {"endian": "little"}}""";
        string index = $"[{bytes}, {{\"name\": \"crc32c\"}}]";

        Write(folder, "whole-blosc.zarr", ZarrArrayMetadata.CreateV2([16384, 16384], [1024, 1024], "<f4", blosc, fillValue: 0), 1024, Field);
        string zstd = $$$"""[{"name": "sharding_indexed", "configuration": {"chunk_shape": [1024, 1024], "codecs": [{{{bytes}}}, {"name": "zstd", "configuration": {"level": 3, "checksum": false}}], "index_codecs": {{{index}}}, "index_location": "end"}}]""";
        Write(folder, "whole-zstd-sharded.zarr", ZarrArrayMetadata.CreateV3([16384, 16384], [4096, 4096], "float32", Codecs(zstd), fillValue: 0), 4096, Field);

        Write(folder, "matrix-blosc.zarr", ZarrArrayMetadata.CreateV2([1_000_000, 256], [10_000, 256], "<f4", blosc, fillValue: 0), 10_000, Expression);
        string inner = $$$"""[{"name": "sharding_indexed", "configuration": {"chunk_shape": [1000, 256], "codecs": [{{{bytes}}}, {"name": "blosc", "configuration": {"cname": "lz4", "clevel": 5, "shuffle": "shuffle", "typesize": 4, "blocksize": 0}}], "index_codecs": {{{index}}}, "index_location": "end"}}]""";
        Write(folder, "matrix-sharded.zarr", ZarrArrayMetadata.CreateV3([1_000_000, 256], [10_000, 256], "float32", Codecs(inner), fillValue: 0), 10_000, Expression);

        var random = new Random(20261201);
        byte[] rows = new byte[BatchCount * BatchRows * 4];
        for (int i = 0; i < BatchCount * BatchRows; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(rows.AsSpan(i * 4), random.Next(1_000_000));
        }

        File.WriteAllBytes(Path.Combine(folder, "rows.bin"), rows);
        return 0;

        static JsonArray Codecs(string json) => (JsonArray)JsonNode.Parse(json)!;
    }

    /// <summary>Writes one array in slabs of <paramref name="slabRows"/> rows, each computed by <paramref name="value"/>.</summary>
    private static void Write(string folder, string name, ZarrArrayMetadata metadata, int slabRows, Func<long, long, Random, float> value)
    {
        string path = Path.Combine(folder, name);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        var clock = Stopwatch.StartNew();
        ZarrArray array = ZarrArray.Create(new DirectoryStore(path), "", metadata);
        long rows = metadata.Shape[0];
        int columns = (int)metadata.Shape[1];
        var slab = new float[slabRows * columns];
        for (long start = 0; start < rows; start += slabRows)
        {
            long first = start;
            Parallel.For(0, slabRows, row =>
            {
                var random = new Random(unchecked((int)((first + row) * 2654435761L) ^ name.Length)); // deterministic, per row
                for (int column = 0; column < columns; column++)
                {
                    slab[(row * columns) + column] = value(first + row, column, random);
                }
            });
            array.Write<float>(new ZarrSelection(DimensionSelection.Slice(start, start + slabRows), DimensionSelection.All), slab);
        }

        Console.Error.WriteLine($"zarr-stores: {name} written in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A smooth field with measurement noise, quantized to 1/64: like gridded model or sensor output.</summary>
    private static float Field(long row, long column, Random random) =>
        MathF.Round(64 * (float)(50 + (20 * Math.Sin(row / 300.0)) + (15 * Math.Cos(column / 500.0)) + random.NextDouble() - 0.5)) / 64;

    /// <summary>Expression-like values: mostly zero, otherwise the log of a small count, as in single-cell matrices.</summary>
    private static float Expression(long row, long column, Random random) =>
        random.Next(100) < 85 ? 0 : MathF.Round(MathF.Log(1 + random.Next(1, 40)) * 100) / 100;

    /// <summary>Measures the workloads and prints one JSON line per measurement.</summary>
    public static int Run(string[] args)
    {
        string folder = args[0];
        string? http = Option(args, "--http");
        int[] threads = [.. (Option(args, "--threads") ?? "1,2,4").Split(',').Select(int.Parse)];
        string[] workloads = Option(args, "--workloads")?.Split(',') ?? (http is null ? FileWorkloads : HttpWorkloads);
        int repeat = int.Parse(Option(args, "--repeat") ?? "3", CultureInfo.InvariantCulture);
        using var client = new HttpClient();
        foreach (string workload in workloads)
        {
            string storeName = workload switch
            {
                "whole-blosc" => "whole-blosc.zarr",
                "whole-zstd-sharded" => "whole-zstd-sharded.zarr",
                "minibatch-blosc" => "matrix-blosc.zarr",
                "minibatch-sharded" => "matrix-sharded.zarr",
                _ => throw new ArgumentException($"Unknown workload '{workload}'; known: {string.Join(", ", FileWorkloads)}."),
            };
            IZarrStore Open() => http is null
                ? new DirectoryStore(Path.Combine(folder, storeName), readOnly: true)
                : new HttpStore(new Uri($"{http.TrimEnd('/')}/{storeName}/"), client);
            string transport = http is null ? "file" : "http";
            if (workload.StartsWith("whole-", StringComparison.Ordinal))
            {
                Whole(workload, transport, new CountingStore(Open()), repeat);
            }
            else
            {
                int[] rows = ReadRows(Path.Combine(folder, "rows.bin"));
                long needed = NeededBlockBytes(Path.Combine(folder, storeName), rows);
                foreach (int count in threads)
                {
                    Minibatches(workload, transport, new CountingStore(Open()), rows, count, needed);
                }
            }
        }

        return 0;
    }

    /// <summary>The whole array in one call with the default options (chunks decoded on every core), best of <paramref name="repeat"/>.</summary>
    private static void Whole(string workload, string transport, CountingStore store, int repeat)
    {
        ZarrArray array = ZarrArray.Open(store);
        float[] values = array.Read<float>(); // warm-up
        double best = double.MaxValue;
        long bytesRead = 0, requests = 0;
        for (int i = 0; i < repeat; i++)
        {
            values = [];
            GC.Collect(); // the last result's memory is free for this one, as it is in a loop that reads into new arrays
            GC.WaitForPendingFinalizers();
            store.Reset();
            long start = Stopwatch.GetTimestamp();
            values = array.Read<float>();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            (bytesRead, requests) = (store.BytesRead, store.Requests);
        }

        byte[] hash = SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        Emit(workload, transport, 1, best, values.LongLength * 4, null, bytesRead, requests, hash, null);
    }

    /// <summary>
    /// 100 batches of 256 rows split among <paramref name="threads"/> threads (batch i on thread i % threads), each an
    /// orthogonal read of one array opened with <see cref="ZarrArrayOptions.MaxConcurrency"/> 1, so that the threads
    /// are the only parallelism; timed after 5 warm-up batches.
    /// </summary>
    private static void Minibatches(string workload, string transport, CountingStore store, int[] rows, int threads, long neededBlockBytes)
    {
        ZarrArray array = ZarrArray.Open(store, options: new ZarrArrayOptions { MaxConcurrency = 1 });
        int columns = (int)array.Shape[1];
        float[][] results = [.. Enumerable.Range(0, BatchCount).Select(_ => new float[BatchRows * columns])];
        void Batch(int batch)
        {
            long[] indices = [.. rows.AsSpan(batch * BatchRows, BatchRows).ToArray().Select(row => (long)row)];
            array.Read<float>(new ZarrSelection(DimensionSelection.Of(indices), DimensionSelection.All), results[batch]);
        }

        for (int batch = 0; batch < WarmUpBatches; batch++)
        {
            Batch(batch);
        }

        store.Reset();
        long start = Stopwatch.GetTimestamp();
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int first = t;
            workers[t] = new Thread(() =>
            {
                for (int batch = first; batch < BatchCount; batch += threads)
                {
                    Batch(batch);
                }
            });
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[]? firstTen = null;
        for (int batch = 0; batch < BatchCount; batch++)
        {
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(results[batch].AsSpan()));
            if (batch == 9)
            {
                firstTen = hash.GetCurrentHash(); // for runners too slow for all 100 batches (zarrita: --batches 10)
            }
        }

        Emit(workload, transport, threads, seconds, (long)BatchCount * BatchRows * columns * 4, BatchCount * BatchRows / seconds,
            store.BytesRead, store.Requests, hash.GetHashAndReset(), neededBlockBytes, firstTen);
    }

    /// <summary>
    /// The compressed size of the Blosc blocks that hold the batches' rows, summed over the 100 batches (a block that
    /// holds several rows of one batch counted once): the least any reader of Blosc blocks has to fetch. Found from
    /// the stored files themselves (Blosc headers and block tables; for shards, their index).
    /// </summary>
    private static long NeededBlockBytes(string storePath, int[] rows)
    {
        JsonNode? v3 = File.Exists(Path.Combine(storePath, "zarr.json")) ? JsonNode.Parse(File.ReadAllText(Path.Combine(storePath, "zarr.json"))) : null;
        JsonNode v2 = v3 ?? JsonNode.Parse(File.ReadAllText(Path.Combine(storePath, ".zarray")))!;
        int columns = (int)v2["shape"]![1]!;
        int chunkRows = v3 is null ? (int)v2["chunks"]![0]! : (int)v3["chunk_grid"]!["configuration"]!["chunk_shape"]![0]!;
        int innerRows = v3 is null ? chunkRows : (int)v3["codecs"]![0]!["configuration"]!["chunk_shape"]![0]!;
        var layouts = new Dictionary<(int Chunk, int Inner), BloscChunkLayout>();
        BloscChunkLayout Layout(int chunk, int inner)
        {
            if (!layouts.TryGetValue((chunk, inner), out BloscChunkLayout? layout))
            {
                byte[] file = File.ReadAllBytes(Path.Combine(storePath, v3 is null ? $"{chunk}.0" : $"c/{chunk}/0"));
                ReadOnlySpan<byte> blosc = file;
                if (v3 is not null)
                {
                    // The index at the end: (offset, length) little-endian uint64 pairs per inner chunk, then a crc32c.
                    int innerCount = chunkRows / innerRows;
                    ReadOnlySpan<byte> indexBytes = file.AsSpan(file.Length - (16 * innerCount) - 4, 16 * innerCount);
                    long offset = BinaryPrimitives.ReadInt64LittleEndian(indexBytes[(16 * inner)..]);
                    long length = BinaryPrimitives.ReadInt64LittleEndian(indexBytes[((16 * inner) + 8)..]);
                    blosc = file.AsSpan((int)offset, (int)length);
                }

                layouts[(chunk, inner)] = layout = BloscChunkLayout.Read(blosc);
            }

            return layout;
        }

        long total = 0;
        for (int batch = 0; batch < BatchCount; batch++)
        {
            var blocks = new HashSet<(int, int, int)>();
            foreach (int row in rows.AsSpan(batch * BatchRows, BatchRows))
            {
                int chunk = row / chunkRows, inner = row % chunkRows / innerRows, local = row % innerRows;
                BloscChunkLayout layout = Layout(chunk, inner);
                int blockBytes = layout.Header.BlockSize;
                long first = (long)local * columns * 4, last = first + (columns * 4) - 1;
                for (long block = first / blockBytes; block <= last / blockBytes; block++)
                {
                    if (blocks.Add((chunk, inner, (int)block)))
                    {
                        total += layout.GetCompressedRange((int)block).Length;
                    }
                }
            }
        }

        return total;
    }

    private static int[] ReadRows(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var rows = new int[bytes.Length / 4];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4));
        }

        if (rows.Length != BatchCount * BatchRows)
        {
            throw new InvalidDataException($"{path} holds {rows.Length} row indices, not {BatchCount * BatchRows}.");
        }

        return rows;
    }

    private static void Emit(string workload, string transport, int threads, double seconds, long resultBytes, double? rowsPerSecond,
        long bytesRead, long requests, byte[] hash, long? neededBlockBytes, byte[]? firstTenBatchesHash = null)
    {
        var line = new JsonObject
        {
            ["impl"] = "numcodecs-dotnet",
            ["version"] = typeof(ZarrArray).Assembly.GetName().Version?.ToString(),
            ["workload"] = workload,
            ["transport"] = transport,
            ["threads"] = threads,
            ["seconds"] = seconds,
            ["result_bytes"] = resultBytes,
            ["rows_per_s"] = rowsPerSecond,
            ["bytes_read"] = bytesRead,
            ["requests"] = requests,
            ["sha256"] = Convert.ToHexStringLower(hash),
            ["needed_block_bytes"] = neededBlockBytes,
        };
        if (firstTenBatchesHash is not null)
        {
            line["batches"] = BatchCount;
            line["sha256_first_10"] = Convert.ToHexStringLower(firstTenBatchesHash);
        }

        Console.Out.WriteLine(line.ToJsonString()); // compact: one JSON object per line
        Console.Out.Flush();
    }

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
