using System.Net;
using System.Net.Http.Headers;
using NumCodecs.Zarr;
using NumCodecs.Zarr.Stores;

namespace NumCodecs.Tests.Zarr;

/// <summary>Arrays read over HTTP from a real nginx on 127.0.0.1, by range, and servers that misbehave.</summary>
public sealed class HttpStoreTests : IDisposable
{
    private static readonly string s_fixtures = Path.Combine(RepositoryPaths.Root, "tests", "fixtures");
    private readonly NginxServer _server = NginxServer.Start(s_fixtures);
    private readonly NginxServer _noRanges = NginxServer.Start(s_fixtures, ranges: false);

    public void Dispose()
    {
        _server.Dispose();
        _noRanges.Dispose();
    }

    [Theory]
    [InlineData("zarr-v3/sharded_index_end_int32")]
    [InlineData("zarr-v3/sharded_index_start_float32")]
    [InlineData("zarr-v3/missing_chunks_float32_fill_nan")]
    [InlineData("zarr-v3/blosc_zstd_bitshuffle_float32")]
    [InlineData("zarr-v2/order_f_3d_zlib_float64")]
    [InlineData("zarr-v2/missing_chunks_fill7_int16")]
    [InlineData("zarr-v2/dimension_separator_slash_int32")]
    public async Task ArraysReadOverHttpAsFromDisk(string fixture)
    {
        byte[] expected = File.ReadAllBytes(Path.Combine(s_fixtures, fixture, "expected.bin"));
        foreach (NginxServer server in new[] { _server, _noRanges })
        {
            using var store = new HttpStore(new Uri(server.BaseUri, fixture + "/"));
            ZarrArray array = await ZarrArray.OpenAsync(store);

            Assert.True(expected.AsSpan().SequenceEqual(array.ReadBytes()), $"{fixture} via {server.BaseUri}: whole array differs");
            var selection = ZarrSelection.Parse(string.Join(",", array.Shape.Select(extent => $"{extent / 3}:{(extent * 2 / 3) + 1}")), array.Shape.Count);
            byte[] part = new byte[array.GetResultShape(selection).Aggregate(array.DataType.ItemSize, (n, e) => n * (int)e)];
            await array.ReadBytesAsync(selection, part);
            Assert.Equal(ZarrArray.Open(new DirectoryStore(Path.Combine(s_fixtures, fixture), readOnly: true)).ReadBytes(selection), part);
        }
    }

    [Fact]
    public void AServerThatIgnoresRangesSendsEverythingOnceAndItIsKept()
    {
        const string Key = "zarr-v3/sharded_index_end_int32/c/0/0";
        long length = new FileInfo(Path.Combine(s_fixtures, Key)).Length;
        using var ranged = new HttpStore(_server.BaseUri);
        using var whole = new HttpStore(_noRanges.BaseUri);
        var one = new byte[1];

        ranged.OpenRange(Key)!.Read(5, one);
        NumCodecs.IO.IByteRangeSource source = whole.OpenRange(Key)!;
        source.Read(5, one);
        source.Read(7, one);

        Assert.Equal(1, ranged.BytesReceived);
        Assert.Equal(length, whole.BytesReceived); // the whole value, once
        Assert.Equal(1, whole.Requests);
        Assert.True(source.TryGetLength(out long learnt) && learnt == length);
    }

    [Fact]
    public void OneElementOfAShardOverHttpReadsTheIndexAndOneInnerChunk()
    {
        string fixture = "zarr-v3/sharded_index_end_int32";
        using var store = new HttpStore(new Uri(_server.BaseUri, fixture + "/"));
        ZarrArray array = ZarrArray.Open(store, options: new ZarrArrayOptions { MaxConcurrency = 1 });
        long shard = new FileInfo(Path.Combine(s_fixtures, fixture, "c", "0", "1")).Length;
        long metadataBytes = store.BytesReceived;
        long metadataRequests = store.Requests;

        int[] one = array.Read<int>(ZarrSelection.Parse("5, 13", 2));

        byte[] expected = File.ReadAllBytes(Path.Combine(s_fixtures, fixture, "expected.bin"));
        Assert.Equal(BitConverter.ToInt32(expected, ((5 * 20) + 13) * 4), Assert.Single(one));
        long bytes = store.BytesReceived - metadataBytes;
        Assert.True(bytes < shard, $"read {bytes} bytes of a {shard}-byte shard");
        Assert.True(store.Requests - metadataRequests <= 4, $"{store.Requests - metadataRequests} requests"); // index suffix, header, table, block
    }

    [Fact]
    public async Task ARangeAnsweredWithOtherBytesIsAnError()
    {
        byte[] value = new byte[1000];
        using var store = new HttpStore(new Uri("http://127.0.0.1:9/data/"), new HttpClient(new LyingHandler(value)));
        NumCodecs.IO.IByteRangeSource source = store.OpenRange("chunk")!;

        IOException e = Assert.Throws<IOException>(() => source.Read(100, new byte[10]));
        Assert.Contains("answered the range 100-109", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IOException>(async () => await source.ReadAsync(100, new byte[10]));
        Assert.Throws<NotSupportedException>(() => store.Write("x", [1]));
    }

    /// <summary>Answers every ranged GET with 206 and the first 20 bytes, whatever was asked.</summary>
    private sealed class LyingHandler(byte[] value) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Answer());

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => Answer();

        private HttpResponseMessage Answer()
        {
            var content = new ByteArrayContent(value[..20]);
            content.Headers.ContentRange = new ContentRangeHeaderValue(0, 19, value.Length);
            return new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = content };
        }
    }
}
