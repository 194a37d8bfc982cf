// What a user's application does with the packages, checked end to end: codecs from JSON configs (with integers, the
// case reflection-based JSON broke under trimming), encode and decode, part of a Blosc chunk through the blocks API,
// and a Zarr v3 array written and read back. Prints the native library it loaded and "consumer OK", or fails with an
// exception (exit code non-zero).
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NumCodecs;
using NumCodecs.Blosc;
using NumCodecs.IO;
using NumCodecs.Zarr;
using NumCodecs.Zarr.Stores;

const int Rows = 512, Columns = 64;
float[] values = new float[Rows * Columns];
for (int i = 0; i < values.Length; i++)
{
    values[i] = MathF.Sin(i * 0.01f) * 100f;
}

string[] configs =
[
    """{"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 4096}""",
    """{"id": "blosc", "cname": "zstd", "clevel": 3, "shuffle": 2, "blocksize": 0}""",
    """{"id": "zstd", "level": 3}""",
    """{"id": "lz4", "acceleration": 1}""",
    """{"id": "zlib", "level": 6}""",
    """{"id": "gzip", "level": 1}""",
    """{"id": "bz2", "level": 9}""",
    """{"id": "lzma", "format": 1, "check": -1, "preset": 6, "filters": null}""",
    """{"id": "shuffle", "elementsize": 4}""",
    """{"id": "crc32"}""",
];
foreach (string config in configs)
{
    Codec codec = CodecRegistry.GetCodec(config);
    byte[] encoded = codec.Encode<float>(values);
    float[] decoded = new float[values.Length];
    codec.Decode<float>(encoded, decoded);
    Check(decoded.AsSpan().SequenceEqual(values), $"{config} round trip");
}

// Integers through a filter that needs a dtype (delta is exact on integers, not on floats).
int[] counts = Enumerable.Range(0, 10_000).Select(i => i * 7 + (i % 13)).ToArray();
Codec delta = CodecRegistry.GetCodec("""{"id": "delta", "dtype": "<i4", "astype": "<i4"}""");
int[] countsBack = new int[counts.Length];
delta.Decode<int>(delta.Encode<int>(counts), countsBack);
Check(countsBack.AsSpan().SequenceEqual(counts), "delta round trip");

// Part of a Blosc chunk: the items of row 300 from a chunk with 4 KiB blocks, reading only the block that holds them.
Codec blosc = CodecRegistry.GetCodec(configs[0]);
byte[] chunk = blosc.Encode<float>(values);
var reader = new BloscChunkReader(new MemoryByteRangeSource(chunk));
float[] row = new float[Columns];
BloscPartialResult partial = reader.ReadItems(300 * Columns, Columns, MemoryMarshal.AsBytes(row.AsSpan()));
Check(row.AsSpan().SequenceEqual(values.AsSpan(300 * Columns, Columns)), "Blosc partial read");
Check(partial.BytesRead < chunk.Length, $"Blosc partial read touched {partial.BytesRead} of {chunk.Length} bytes");

// A sharded Zarr v3 array with Blosc inside, written to a folder and a selection read back.
string folder = Path.Combine(Path.GetTempPath(), $"numcodecs-consumer-{Environment.ProcessId}");
try
{
    var store = new DirectoryStore(folder);
    JsonObject metadata = JsonNode.Parse($$$"""
        {"zarr_format": 3, "node_type": "array", "shape": [{{{Rows}}}, {{{Columns}}}], "data_type": "float32",
         "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [256, {{{Columns}}}]}},
         "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
         "fill_value": 0.0,
         "codecs": [{"name": "sharding_indexed", "configuration": {"chunk_shape": [32, {{{Columns}}}],
           "codecs": [{"name": "bytes", "configuration": {"endian": "little"}},
                      {"name": "blosc", "configuration": {"cname": "lz4", "clevel": 5, "shuffle": "shuffle", "typesize": 4, "blocksize": 0}}],
           "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}]}}]}
        """)!.AsObject();
    ZarrArray array = ZarrArray.Create(store, "x", ZarrArrayMetadata.FromZarrJson(metadata));
    array.Write<float>(null, values);
    ZarrArray opened = ZarrArray.Open(new DirectoryStore(folder), "x");
    float[] rows = opened.Read<float>(ZarrSelection.Parse("[17, 300, 511], :", 2));
    for (int i = 0; i < 3; i++)
    {
        int source = new[] { 17, 300, 511 }[i];
        Check(rows.AsSpan(i * Columns, Columns).SequenceEqual(values.AsSpan(source * Columns, Columns)), $"Zarr row {source}");
    }
}
finally
{
    if (Directory.Exists(folder))
    {
        Directory.Delete(folder, recursive: true);
    }
}

Console.WriteLine($"native library: {NativeLibraryInfo.LibraryPath}");
Console.WriteLine($"c-blosc {NativeLibraryInfo.BloscVersion} on {RuntimeInformation.RuntimeIdentifier}");
Console.WriteLine("consumer OK");
return 0;

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException($"consumer check failed: {what}");
    }
}
