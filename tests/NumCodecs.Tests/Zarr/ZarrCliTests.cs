using NumCodecs.Cli;
using NumCodecs.Tests.Fixtures;
using NumCodecs.Tests.ZarrV3;

namespace NumCodecs.Tests.Zarr;

/// <summary><c>numcodecs zarr put | get | info</c>, with what they write read back by zarrita and zarr-python.</summary>
public sealed class ZarrCliTests : IDisposable
{
    private static readonly int[] s_rows = [300, 303, 306, 309];
    private readonly string _folder = Directory.CreateTempSubdirectory("numcodecs-zarr-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void PutShardedThenGetASelectionReadingOnlyPartOfIt()
    {
        float[] values = [.. Enumerable.Range(0, 512 * 64).Select(i => MathF.Sin(i * 0.01f))];
        string npy = Path.Combine(_folder, "in.npy");
        File.WriteAllBytes(npy, NpyFile.Write(DType.Parse("<f4"), [512, 64], System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())));
        string array = Path.Combine(_folder, "array.zarr");
        const string Inner = """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":4,"blocksize":0}}]""";

        Assert.Equal(0, Run(out _, out string putError, "zarr", "put", array, npy, "--chunks", "64,64", "--shards", "256,64", "--codecs", Inner));
        Assert.Equal("", putError);
        Assert.Equal(0, Run(out string info, out _, "zarr", "info", array));
        Assert.Contains("shards: [256, 64] of inner chunks [64, 64], index at the end", info, StringComparison.Ordinal);
        Assert.Contains("stored chunks: 2", info, StringComparison.Ordinal);

        string output = Path.Combine(_folder, "out.npy");
        Assert.Equal(0, Run(out _, out string stats, "zarr", "get", array, "--select", "300:310:3, [5,1]", output, "--stats"));
        NpyArray got = NpyArray.Load(output);
        Assert.Equal([4, 2], got.Shape);
        float[] expected = [.. s_rows.SelectMany(row => new[] { values[(row * 64) + 5], values[(row * 64) + 1] })];
        Assert.Equal(expected, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(got.Data).ToArray());
        Assert.Matches(@"^bytes read: \d+, requests: \d+, chunks: 1\s*$", stats);
        long read = long.Parse(stats.Split(',')[0].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        long shard = new FileInfo(Path.Combine(array, "c", "1", "0")).Length;
        Assert.True(read < shard, $"read {read} bytes of a {shard}-byte shard");

        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), Zarrita.Read(array));
    }

    [Fact]
    public void PutV2IsReadByZarrPython()
    {
        short[] values = [.. Enumerable.Range(0, 30 * 20).Select(i => (short)(i * 7))];
        string npy = Path.Combine(_folder, "in.npy");
        File.WriteAllBytes(npy, NpyFile.Write(DType.Parse("<i2"), [30, 20], System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())));
        string array = Path.Combine(_folder, "v2.zarr");

        Assert.Equal(0, Run(out _, out _, "zarr", "put", array, npy, "--chunks", "7,8", "--format", "2", "--compressor", """{"id":"zstd","level":3}""", "--filters", """[{"id":"delta","dtype":"<i2"}]"""));

        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), ZarrPython.Read(array));
        string all = Path.Combine(_folder, "all.npy");
        Assert.Equal(0, Run(out _, out _, "zarr", "get", array, all));
        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), NpyArray.Load(all).Data);
    }

    [Fact]
    public void GetReadsFromAZipFile()
    {
        string zip = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "zarr-v2-zip", "stored.zip");
        string output = Path.Combine(_folder, "y.npy");

        // The zip holds a group: its root is no array, and store.zip/y names the array inside.
        Assert.Equal(3, Run(out _, out string error, "zarr", "get", zip, output));
        Assert.Contains("no Zarr array", error, StringComparison.Ordinal);
        Assert.Equal(0, Run(out _, out _, "zarr", "get", zip + "/y", output, "--select", "10:20"));
        byte[] expected = File.ReadAllBytes(zip + ".y.expected.bin");
        Assert.Equal(expected.AsSpan(20, 20).ToArray(), NpyArray.Load(output).Data);
    }

    [Theory]
    [InlineData("get", "--select", "1:2:0", "steps are positive")]
    [InlineData("get", "--select", "1,2,3", "selects 3 dimensions")]
    [InlineData("put", "--chunks", "5", "--chunks has 1 dimensions")]
    public void BadArgumentsAreUsageErrors(string verb, string option, string value, string message)
    {
        string source = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "zarr-v3", "bytes_int8");
        string npy = Path.Combine(_folder, "in.npy");
        File.WriteAllBytes(npy, NpyFile.Write(DType.Parse("|i1"), [2, 2], new byte[4]));
        string[] args = verb == "get"
            ? ["zarr", "get", source, option, value, Path.Combine(_folder, "x.npy")]
            : ["zarr", "put", Path.Combine(_folder, "new.zarr"), npy, option, value];

        Assert.Equal(2, Run(out _, out string error, args));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private static int Run(out string output, out string error, params string[] args) => CliTests.Run(out output, out error, args);
}
