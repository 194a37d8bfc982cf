using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NumCodecs.Cli;
using NumCodecs.Zarr;
using NumCodecs.Zarr.Stores;

namespace NumCodecs.Tests.Zarr;

/// <summary>Metadata, zip files and .npy headers that claim more than they hold: clear errors, memory by what is there.</summary>
public sealed class ZarrHostileInputTests
{
    [Theory]
    [InlineData("[65536, 65536, 65536, 65536]", "[1, 1, 1, 1]")]
    [InlineData("[65536, 65536, 65536, 32768]", "[1, 1, 1, 1]")]
    [InlineData("[134217728, 134217728]", "[1024, 1024]")]
    public void SelectionsLargerThanABufferAreRefusedBeforeAnythingIsListed(string shape, string chunks)
    {
        var store = new MemoryStore();
        string metadata = "{\"zarr_format\":3,\"node_type\":\"array\",\"shape\":" + shape + ",\"data_type\":\"int64\"," +
                          "\"chunk_grid\":{\"name\":\"regular\",\"configuration\":{\"chunk_shape\":" + chunks + "}}," +
                          "\"chunk_key_encoding\":{\"name\":\"default\"},\"fill_value\":0,\"codecs\":[{\"name\":\"bytes\",\"configuration\":{\"endian\":\"little\"}}]}";
        store.Write("zarr.json", Encoding.UTF8.GetBytes(metadata));
        ZarrArray array = ZarrArray.Open(store);

        byte[] source = new byte[8 << 20];
        long before = GC.GetAllocatedBytesForCurrentThread();
        ArgumentException e = Assert.Throws<ArgumentException>(() => array.ReadBytes());
        Assert.Throws<ArgumentException>(() => array.WriteBytes(null, source));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("more than one buffer", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < (1 << 20), $"allocated {allocated:N0} bytes to refuse the selection");
        Assert.Empty(store.List("c"));
        Assert.Equal(array.Shape[0], array.GetResultShape(ZarrSelection.All(array.Shape.Count))[0]); // sizes without listing
    }

    [Fact]
    public void AZipEntryClaimingMoreThanItInflatesToIsRefusedCheaply()
    {
        string path = Path.Combine(Path.GetTempPath(), $"numcodecs-claims-{Guid.NewGuid():N}.zip");
        try
        {
            using (ZipArchive archive = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                ZipArchiveEntry entry = archive.CreateEntry("a/0", CompressionLevel.Optimal);
                using Stream stream = entry.Open();
                stream.Write(new byte[1 << 20]); // 1 MiB of zeros: about a kilobyte deflated
            }

            // The central directory's uncompressed size of the entry: first far beyond what its bytes could inflate
            // to (refused when the store opens), then a little more than it holds (refused by the read, cheaply).
            byte[] zip = File.ReadAllBytes(path);
            int central = zip.AsSpan().LastIndexOf((ReadOnlySpan<byte>)[0x50, 0x4b, 0x01, 0x02]);
            BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(central + 24), 1_000_000_000);
            File.WriteAllBytes(path, zip);
            Assert.Contains("the file cannot hold", Assert.Throws<ZarrFormatException>(() => new ZipStore(path)).Message, StringComparison.Ordinal);

            BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(central + 24), 1_060_000);
            File.WriteAllBytes(path, zip);
            using var store = new ZipStore(path);
            long before = GC.GetAllocatedBytesForCurrentThread();
            ZarrFormatException e = Assert.Throws<ZarrFormatException>(() => store.Read("a/0"));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Contains("does not inflate to the 1060000 bytes", e.Message, StringComparison.Ordinal);
            Assert.True(allocated < (8 << 20), $"allocated {allocated:N0} bytes for a 1 MiB entry");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ACorruptDeflatedEntryNamesItself()
    {
        string path = Path.Combine(Path.GetTempPath(), $"numcodecs-corrupt-{Guid.NewGuid():N}.zip");
        try
        {
            using (ZipArchive archive = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                using Stream stream = archive.CreateEntry("x/1", CompressionLevel.Optimal).Open();
                stream.Write(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("some text to deflate ", 200))));
            }

            byte[] zip = File.ReadAllBytes(path);
            int data = 30 + "x/1".Length + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(28));
            zip[data] = 0xFF; // a reserved block type
            zip[data + 1] ^= 0xFF;
            File.WriteAllBytes(path, zip);

            using var store = new ZipStore(path);
            ZarrFormatException e = Assert.Throws<ZarrFormatException>(() => store.Read("x/1"));
            Assert.Contains("'x/1'", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", "holds 0 bytes of data")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536, 65536, 65536), }", "holds 0 bytes of data")]
    [InlineData("{'descr': '|V0', 'fortran_order': False, 'shape': (99999999999,), }", "no bytes")]
    public void NpyHeadersThatClaimTooMuchAreRefused(string header, string message)
    {
        byte[] text = Encoding.Latin1.GetBytes(header + "\n");
        byte[] file = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)text.Length, (byte)(text.Length >> 8), .. text];

        CliUsageException e = Assert.Throws<CliUsageException>(() => NpyFile.Read(file));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains("ends inside its header", Assert.Throws<CliUsageException>(() => NpyFile.Read([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 1, 0])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SlicesArePlannedPerChunkNotPerIndex()
    {
        // 100 million elements in 100 chunks, none stored: the read allocates its result, not a list of every index.
        var store = new MemoryStore();
        ZarrArray array = ZarrArray.Create(store, "", ZarrArrayMetadata.CreateV3([100_000_000], [1_000_000], "uint8",
            (System.Text.Json.Nodes.JsonArray)System.Text.Json.Nodes.JsonNode.Parse("[{\"name\":\"bytes\"}]")!, fillValue: 9));

        long before = GC.GetAllocatedBytesForCurrentThread();
        byte[] all = array.ReadBytes();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(100_000_000, all.Length);
        Assert.Equal(9, all[77_777_777]);
        Assert.True(allocated < 130_000_000, $"allocated {allocated:N0} bytes to read 100,000,000");
    }

    [Fact]
    public void ATrailingCommaIsNumpys()
    {
        ZarrSelection selection = ZarrSelection.Parse("1,", 2);
        Assert.Equal([1L], selection.Dimensions[0].Resolve(5, 0));
        Assert.Equal(5, selection.Dimensions[1].Resolve(5, 1).Length);
    }
}
