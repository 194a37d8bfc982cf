using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NumCodecs.Blosc;
using NumCodecs.IO;
using NumCodecs.Tests.Codecs;

namespace NumCodecs.Tests.BloscBlocks;

public sealed class BloscPartialTests
{
    // 4 MiB of float32 in 64 KiB blocks (lz4 widens a forced 16 KiB blocksize by the item size): 64 blocks.
    private static readonly byte[] s_data = TestData.SmoothFloats(1 << 20);
    private static readonly byte[] s_chunk = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, blocksize: 16_384).Encode(s_data, 4);
    private static readonly int[] s_typesizes = [1, 2, 4, 8, 16, 3];
    private static readonly int[] s_blocksizes = [0, 256, 4096, 20_000, 65_536];

    [Fact]
    public void OneItemReadsHeaderTableAndOneBlockOnly()
    {
        BloscChunkLayout layout = BloscChunkLayout.Read(s_chunk);
        Assert.Equal(64, layout.BlockCount);
        var source = new CountingSource(s_chunk);
        var reader = new BloscChunkReader(source);
        byte[] item = new byte[4];

        BloscPartialResult result = reader.ReadItems(700_000, 1, item);

        Assert.Equal(s_data.AsSpan(700_000 * 4, 4).ToArray(), item);
        int block = 700_000 / layout.ItemsPerBlock;
        int allowed = BloscChunkLayout.GetHeaderAndTableLength(layout.Header) + layout.GetCompressedRange(block).Length;
        Assert.Equal(allowed, source.BytesRead);
        Assert.Equal(source.BytesRead, result.BytesRead);
        Assert.Equal(3, source.Reads); // header, table, block
        Assert.Equal(1, result.BlocksDecoded);
        Assert.True(source.BytesRead < s_chunk.Length / 20, $"{source.BytesRead} of {s_chunk.Length} bytes read");
    }

    [Fact]
    public void ASizeHintReadsHeaderAndTableAtOnce()
    {
        var source = new CountingSource(s_chunk);
        int tableEnd = BloscChunkLayout.GetHeaderAndTableLength(BloscHeader.Read(s_chunk));
        var reader = new BloscChunkReader(source, options: new BloscPartialOptions { InitialReadLength = tableEnd });
        BloscPartialResult result = reader.ReadItems(5, 10, new byte[40]);
        Assert.Equal(2, source.Reads);
        Assert.Equal(2, result.ReadCount);
    }

    [Fact]
    public void EachNeededBlockIsDecodedOnceAndNeighboursAreCoalesced()
    {
        var source = new CountingSource(s_chunk);
        var reader = new BloscChunkReader(source);
        BloscChunkLayout layout = reader.GetLayout();
        int perBlock = layout.ItemsPerBlock;
        ItemRange[] ranges = [new(10, 5), new(20, 5), new(perBlock + 3, 2), new(30, 1), new(perBlock * 40, 7)];
        byte[] destination = new byte[ranges.Sum(r => r.Count) * 4];
        int readsBefore = source.Reads;

        BloscPartialResult result = reader.ReadItemRanges(ranges, destination);

        Assert.Equal(3, result.BlocksDecoded); // blocks 0, 1 and 40
        Assert.Equal(2, source.Reads - readsBefore); // blocks 0 and 1 merged, block 40 apart
        Assert.Equal(Expected(ranges), destination);
    }

    [Fact]
    public async Task PartialResultsEqualSlicesOfAFullDecode()
    {
        var random = new Random(1234);
        string[] cnames = ["blosclz", "lz4", "lz4hc", "zlib", "zstd"];
        for (int trial = 0; trial < 60; trial++)
        {
            int typesize = s_typesizes[random.Next(s_typesizes.Length)];
            int items = random.Next(0, 120_000);
            byte[] data = TestData.SmoothFloats((items * typesize / 4) + 1, seed: trial).AsSpan(0, items * typesize).ToArray();
            var codec = new BloscCodec(
                cnames[random.Next(cnames.Length)],
                random.Next(10) == 0 ? 0 : random.Next(1, 10), // clevel 0 gives memcpyed chunks
                (BloscShuffle)random.Next(-1, 3),
                blocksize: s_blocksizes[random.Next(s_blocksizes.Length)],
                internalThreads: random.Next(3) == 0 ? 4 : 1); // blocks compressed on the thread pool or the calling thread
            byte[] chunk = codec.Encode(data, typesize);
            BloscChunkLayout layout = BloscChunkLayout.Read(chunk);
            Assert.Equal(items, layout.ItemCount);

            ItemRange[] ranges = RandomRanges(random, items);
            byte[] expected = ranges.SelectMany(r => data.AsSpan(r.Start * typesize, r.Count * typesize).ToArray()).ToArray();
            string what = $"trial {trial}: {codec} typesize {typesize}, {items} items, {layout.BlockCount} blocks";

            byte[] inMemory = new byte[expected.Length];
            BloscPartialDecoder.DecodeItemRanges(chunk, ranges, inMemory, new BloscPartialOptions { MaxDegreeOfParallelism = 1 + (trial % 3) });
            Assert.True(expected.AsSpan().SequenceEqual(inMemory), what);

            byte[] fromSource = new byte[expected.Length];
            var options = new BloscPartialOptions { MaxCoalesceGap = random.Next(0, 3) * 1000, MaxDegreeOfParallelism = 1 + (trial % 2) };
            new BloscChunkReader(new CountingSource(chunk), options: options).ReadItemRanges(ranges, fromSource);
            Assert.True(expected.AsSpan().SequenceEqual(fromSource), what + " (source)");

            byte[] fromAsync = new byte[expected.Length];
            await new BloscChunkReader(new CountingSource(chunk), options: options).ReadItemRangesAsync(ranges, fromAsync);
            Assert.True(expected.AsSpan().SequenceEqual(fromAsync), what + " (async)");

            if (items > 0)
            {
                int start = random.Next(items);
                int count = random.Next(1, Math.Min(items - start, 5000) + 1);
                byte[] slice = new byte[count * typesize];
                Assert.Equal(slice.Length, BloscPartialDecoder.DecodeItems(chunk, start, count, slice));
                Assert.True(data.AsSpan(start * typesize, slice.Length).SequenceEqual(slice), what + " (items)");
            }
        }
    }

    [Theory]
    [InlineData("lz4", BloscShuffle.Shuffle)]
    [InlineData("lz4", BloscShuffle.NoShuffle)]
    [InlineData("lz4hc", BloscShuffle.Shuffle)]
    [InlineData("lz4", BloscShuffle.BitShuffle)]
    public void ItemsNearEachEndOfEveryBlockDecodeFromAPrefixOfTheBlock(string cname, BloscShuffle shuffle)
    {
        // LZ4 blocks decode only up to the last wanted item; items at either end of each block, and in the shorter
        // last block, must come out as a full decode has them, for every item size.
        foreach (int typesize in s_typesizes)
        {
            int items = 70_001;
            byte[] data = TestData.SmoothFloats((items * typesize / 4) + 1, seed: typesize).AsSpan(0, items * typesize).ToArray();
            byte[] chunk = new BloscCodec(cname, 5, shuffle, blocksize: 8192).Encode(data, typesize);
            BloscChunkLayout layout = BloscChunkLayout.Read(chunk);
            var reader = new BloscChunkReader(new CountingSource(chunk));
            for (int block = 0; block < layout.BlockCount; block++)
            {
                int first = block * layout.ItemsPerBlock, end = Math.Min(items, first + layout.ItemsPerBlock);
                foreach ((int start, int count) in new[] { (first, 1), (first + 1, 2), (end - 1, 1), ((first + end) / 2, 3), (end - 2, 2) })
                {
                    byte[] got = new byte[count * typesize];
                    reader.ReadItems(start, count, got);
                    Assert.True(data.AsSpan(start * typesize, got.Length).SequenceEqual(got), $"{cname} {shuffle} typesize {typesize}: items {start}+{count} of block {block}");
                }
            }
        }
    }

    [Fact]
    public void ABlockCorruptPastTheWantedItemsGivesOneVerdictWithAndWithoutACache()
    {
        // The last bytes of every LZ4 stream of block 3 garbled: a full decode of the block fails, the first item
        // decodes from the streams' prefixes. A cache (which keeps whole blocks) must not change the answer.
        byte[] chunk = (byte[])s_chunk.Clone();
        BloscChunkLayout layout = BloscChunkLayout.Read(chunk);
        (int offset, int length) = layout.GetCompressedRange(3);
        int at = offset;
        for (int split = 0; split < 4; split++)
        {
            int streamLength = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(at));
            if (streamLength != layout.Header.BlockSize / 4)
            {
                chunk.AsSpan(at + 4 + streamLength - 6, 6).Fill(0xFF);
            }

            at += 4 + streamLength;
        }

        Assert.Equal(offset + length, at);
        Assert.Throws<CorruptDataException>(() => new BloscCodec().Decode(chunk));
        int item = 3 * layout.ItemsPerBlock;
        byte[] uncached = new byte[4];
        BloscPartialDecoder.DecodeItems(chunk, item, 1, uncached);
        using var cache = new BloscBlockCache(1 << 20);
        byte[] cached = new byte[4];
        BloscPartialDecoder.DecodeItemRanges(chunk, [new ItemRange(item, 1)], cached, new BloscPartialOptions { Cache = cache }, new object());

        Assert.Equal(s_data.AsSpan(item * 4, 4).ToArray(), uncached);
        Assert.Equal(uncached, cached);
        Assert.Equal(0, cache.Count); // a block that does not decode whole is not cached
    }

    [Fact]
    public void AMatchOfOffsetZeroReadsTheSameBytesWhateverThePooledBuffersHeld()
    {
        // LZ4 1.9 copies a match of offset 0 onto itself. Block 3's last stream now opens with one literal and such a
        // match, so its first items come from whatever its output buffer held: they must not vary with the pool.
        byte[] chunk = (byte[])s_chunk.Clone();
        BloscChunkLayout layout = BloscChunkLayout.Read(chunk);
        (int offset, _) = layout.GetCompressedRange(3);
        int at = offset;
        for (int split = 0; split < 3; split++)
        {
            at += 4 + BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(at));
        }

        Assert.NotEqual(layout.Header.BlockSize / 4, BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(at))); // compressed, not raw
        chunk[at + 4] = 0x10; // one literal, then a match of 4
        chunk[at + 5] = 0x41;
        chunk[at + 6] = 0x00; // offset 0
        chunk[at + 7] = 0x00;
        var options = new BloscPartialOptions { MaxDegreeOfParallelism = 1 };
        byte[] Read(byte poison)
        {
            for (int i = 0; i < 8; i++)
            {
                byte[] rented = System.Buffers.ArrayPool<byte>.Shared.Rent(16);
                rented.AsSpan().Fill(poison);
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }

            byte[] items = new byte[16];
            BloscPartialDecoder.DecodeItemRanges(chunk, [new ItemRange(3 * layout.ItemsPerBlock, 4)], items, options);
            return items;
        }

        byte[] first = Read(0xAA);
        Assert.Equal(first, Read(0x55));
        Assert.Equal(0x41, first[3]); // item 0's high byte: the literal
    }

    [Fact]
    public void AGarbledLz4StreamReadInPartIsRejected()
    {
        byte[] chunk = (byte[])s_chunk.Clone();
        BloscChunkLayout layout = BloscChunkLayout.Read(chunk);
        (int offset, int length) = layout.GetCompressedRange(3);
        // Every LZ4 stream of the block (one per byte of the item; raw ones are left) now opens with a match reaching
        // 65535 bytes back, before anything was decoded.
        int at = offset, garbled = 0;
        for (int split = 0; split < 4; split++)
        {
            int streamLength = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(at));
            if (streamLength != layout.Header.BlockSize / 4)
            {
                chunk[at + 4] = 0x00;
                chunk[at + 5] = 0xFF;
                chunk[at + 6] = 0xFF;
                garbled++;
            }

            at += 4 + streamLength;
        }

        Assert.Equal(offset + length, at);
        Assert.True(garbled > 0);
        var reader = new BloscChunkReader(new CountingSource(chunk));

        var error = Assert.Throws<CorruptDataException>(() => reader.ReadItems(3 * layout.ItemsPerBlock, 1, new byte[4]));
        Assert.Contains("block 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MultithreadedCompressionWritesBlocksOutOfOrderAndTheyStillDecode()
    {
        bool sawOutOfOrder = false;
        // 1,024 blocks on c-blosc's own 8 threads (as numcodecs compresses by default; NumCodecs' threads keep block
        // order): the order in which threads finish varies with scheduling, so several attempts are allowed before
        // concluding that blocks are never written out of order.
        for (int attempt = 0; attempt < 50 && !sawOutOfOrder; attempt++)
        {
            byte[] chunk = Codecs.BloscThreadingTests.CompressWithCBloscThreads(s_data, "zstd", clevel: 3, typesize: 4, blocksize: 4096, threads: 8);
            BloscChunkLayout layout = BloscChunkLayout.Read(chunk);
            var starts = Enumerable.Range(0, layout.BlockCount).Select(b => layout.GetCompressedRange(b).Offset).ToArray();
            sawOutOfOrder = starts.Zip(starts.Skip(1)).Any(pair => pair.First > pair.Second);
            Assert.Equal(chunk.Length - layout.Header.DataOffset, Enumerable.Range(0, layout.BlockCount).Sum(b => layout.GetCompressedRange(b).Length));

            ItemRange[] ranges = [new(0, 3), new(500_000, 2048), new(1_048_000, 576)];
            byte[] destination = new byte[ranges.Sum(r => r.Count) * 4];
            new BloscChunkReader(new CountingSource(chunk)).ReadItemRanges(ranges, destination);
            Assert.Equal(Expected(ranges), destination);
        }

        Assert.True(sawOutOfOrder, "multi-threaded compression never wrote a block out of order in 50 attempts");
    }

    [Fact]
    public void SelectionsOfNDimensionalChunksEqualAGatherFromAFullDecode()
    {
        var random = new Random(99);
        for (int trial = 0; trial < 40; trial++)
        {
            int rank = random.Next(1, 5);
            int[] shape = Enumerable.Range(0, rank).Select(_ => random.Next(1, rank == 1 ? 5000 : 24)).ToArray();
            int items = shape.Aggregate(1, (a, b) => a * b);
            byte[] data = TestData.Counters(items);
            byte[] chunk = new BloscCodec("zstd", 1, BloscShuffle.Shuffle, blocksize: 2048).Encode(data, 8);
            DimensionSlice[] selection = shape.Select(extent =>
            {
                int start = random.Next(extent);
                return new DimensionSlice(start, random.Next(start, extent + 1));
            }).ToArray();

            byte[] expected = Gather(data, 8, shape, selection);
            byte[] actual = new byte[expected.Length];
            BloscPartialDecoder.DecodeSelection(chunk, shape, selection, actual);
            Assert.Equal(expected, actual);

            byte[] fromSource = new byte[expected.Length];
            new BloscChunkReader(new CountingSource(chunk)).ReadSelection(shape, selection, fromSource);
            Assert.Equal(expected, fromSource);
        }
    }

    [Fact]
    public void ARowOfAMatrixIsOneRunAndAColumnIsOneRunPerRow()
    {
        Assert.Equal([new ItemRange(300, 100)], ChunkSelection.ToItemRanges([50, 100], [new(3, 4), new(0, 100)]));
        Assert.Equal([new ItemRange(300, 300)], ChunkSelection.ToItemRanges([50, 100], [new(3, 6), new(0, 100)]));
        Assert.Equal(50, ChunkSelection.ToItemRanges([50, 100], [new(0, 50), new(7, 8)]).Length);
        Assert.Empty(ChunkSelection.ToItemRanges([50, 100], [new(3, 3), new(0, 100)]));
        Assert.Throws<ArgumentException>(() => ChunkSelection.ToItemRanges([50, 100], [new(0, 51), new(0, 100)]));
        Assert.Throws<ArgumentException>(() => ChunkSelection.ToItemRanges([50, 100], [new(0, 1)]));
    }

    [Fact]
    public void TheCacheServesHotBlocksWithACopy()
    {
        using var cache = new BloscBlockCache(1 << 20);
        var source = new CountingSource(s_chunk);
        var reader = new BloscChunkReader(source, options: new BloscPartialOptions { Cache = cache });
        byte[] first = new byte[400];
        byte[] second = new byte[400];

        BloscPartialResult cold = reader.ReadItems(123_456, 100, first);
        long readAfterCold = source.BytesRead;
        BloscPartialResult hot = reader.ReadItems(123_456, 100, second);

        Assert.Equal((1, 0), (cold.BlocksDecoded, cold.CacheHits));
        Assert.Equal((0, 1, 0L, 0), (hot.BlocksDecoded, hot.CacheHits, hot.BytesRead, hot.ReadCount));
        Assert.Equal(readAfterCold, source.BytesRead);
        Assert.Equal(first, second);
        Assert.Equal(s_data.AsSpan(123_456 * 4, 400).ToArray(), second);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void TheCacheStaysWithinItsByteBound()
    {
        using var cache = new BloscBlockCache(3 * 65_536); // room for three 64 KiB blocks
        var options = new BloscPartialOptions { Cache = cache };
        var reader = new BloscChunkReader(new CountingSource(s_chunk), options: options);
        for (int block = 0; block < 20; block++)
        {
            reader.ReadItems(block * 16_384, 1, new byte[4]);
        }

        Assert.InRange(cache.Count, 1, 3);
    }

    [Fact]
    public async Task FilesAndMemoryMappingsServeChunksInsideLargerFiles()
    {
        string path = Path.GetTempFileName();
        try
        {
            byte[] prefix = TestData.RandomBytes(1000);
            File.WriteAllBytes(path, [.. prefix, .. s_chunk, .. prefix]);
            ItemRange[] ranges = [new(1, 1), new(600_000, 3000), new(1_048_575, 1)];
            byte[] expected = Expected(ranges);

            using (var file = new FileByteRangeSource(path))
            {
                byte[] actual = new byte[expected.Length];
                BloscPartialResult result = new BloscChunkReader(file, prefix.Length).ReadItemRanges(ranges, actual);
                Assert.Equal(expected, actual);
                Assert.True(result.BytesRead < s_chunk.Length / 10);
                byte[] viaAsync = new byte[expected.Length];
                await new BloscChunkReader(file, prefix.Length).ReadItemRangesAsync(ranges, viaAsync);
                Assert.Equal(expected, viaAsync);
            }

            using (var mapped = new MemoryMappedByteRangeSource(path))
            {
                byte[] actual = new byte[expected.Length];
                BloscPartialResult result = new BloscChunkReader(mapped, prefix.Length).ReadItemRanges(ranges, actual);
                Assert.Equal(expected, actual);
                Assert.Equal(3, result.BlocksDecoded);
                Assert.True(result.BytesRead <= BloscChunkLayout.GetHeaderAndTableLength(BloscHeader.Read(s_chunk))); // header and table only: blocks decode in place
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ManyThreadsShareOneReaderAndCache()
    {
        using var cache = new BloscBlockCache(8 << 20);
        var reader = new BloscChunkReader(new MemoryByteRangeSource(s_chunk), options: new BloscPartialOptions { Cache = cache });
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int start = (i * 7919) % ((1 << 20) - 10);
            byte[] destination = new byte[40];
            reader.ReadItems(start, 10, destination);
            Assert.Equal(s_data.AsSpan(start * 4, 40).ToArray(), destination);
        });
    }

    [Theory]
    [InlineData("entry-low")]
    [InlineData("entry-high")]
    [InlineData("duplicate")]
    [InlineData("split-past-block")]
    public void BadTablesAreRejectedWithAClearError(string forgery)
    {
        byte[] chunk = (byte[])s_chunk.Clone();
        BloscChunkLayout layout = BloscChunkLayout.Read(chunk);
        int entry = BloscHeader.Length + (4 * 4); // block 4
        switch (forgery)
        {
            case "entry-low": BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(entry), 20); break;
            case "entry-high": BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(entry), chunk.Length + 5); break;
            case "duplicate": BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(entry), layout.GetCompressedRange(3).Offset); break;
            case "split-past-block":
                (int offset, int length) = layout.GetCompressedRange(4);
                BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(offset), length);
                break;
        }

        int item = (4 * layout.ItemsPerBlock) + 5;
        Assert.ThrowsAny<CorruptDataException>(() => BloscPartialDecoder.DecodeItems(chunk, item, 1, new byte[4]));
        Assert.ThrowsAny<CorruptDataException>(() => new BloscChunkReader(new CountingSource(chunk)).ReadItems(item, 1, new byte[4]));
    }

    [Fact]
    public void TruncatedSourcesAndBadArgumentsGiveClearErrors()
    {
        var error = Assert.Throws<CorruptDataException>(() =>
            new BloscChunkReader(new CountingSource(s_chunk.AsSpan(0, s_chunk.Length - 100).ToArray())).ReadItems((1 << 20) - 1, 1, new byte[4]));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Throws<CorruptDataException>(() => new BloscChunkReader(new CountingSource(s_chunk.AsSpan(0, 10).ToArray())).ReadItems(0, 1, new byte[4]));
        Assert.Throws<CorruptDataException>(() => new BloscChunkReader(new CountingSource(s_chunk.AsSpan(0, 30).ToArray())).ReadItems(0, 1, new byte[4]));
        Assert.Throws<CorruptDataException>(() => BloscPartialDecoder.DecodeItems(s_chunk.AsSpan(0, s_chunk.Length - 1), 0, 1, new byte[4]));

        Assert.Throws<ArgumentOutOfRangeException>(() => BloscPartialDecoder.DecodeItems(s_chunk, int.MaxValue, 2, new byte[8]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BloscPartialDecoder.DecodeItems(s_chunk, -1, 1, new byte[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BloscPartialDecoder.DecodeItems(s_chunk, 1 << 20, 1, new byte[4]));
        Assert.Throws<ArgumentException>(() => BloscPartialDecoder.DecodeItems(s_chunk, 0, 2, new byte[7]));
        Assert.Equal(0, BloscPartialDecoder.DecodeItems(s_chunk, 5, 0, []));
    }

    private static byte[] Expected(ItemRange[] ranges) =>
        ranges.SelectMany(r => s_data.AsSpan(r.Start * 4, r.Count * 4).ToArray()).ToArray();

    private static ItemRange[] RandomRanges(Random random, int items)
    {
        if (items == 0)
        {
            return [new ItemRange(0, 0)];
        }

        return Enumerable.Range(0, random.Next(1, 8)).Select(_ =>
        {
            int start = random.Next(items);
            return new ItemRange(start, random.Next(0, Math.Min(items - start, 20_000) + 1));
        }).ToArray();
    }

    /// <summary>The selection gathered element by element, the obvious way.</summary>
    private static byte[] Gather(byte[] data, int itemSize, int[] shape, DimensionSlice[] selection)
    {
        var result = new List<byte>();
        int rank = shape.Length;
        int[] index = selection.Select(s => s.Start).ToArray();
        if (selection.Any(s => s.Length == 0))
        {
            return [];
        }

        while (true)
        {
            long flat = 0;
            for (int d = 0; d < rank; d++)
            {
                flat = (flat * shape[d]) + index[d];
            }

            result.AddRange(data.AsSpan((int)flat * itemSize, itemSize).ToArray());
            int dim = rank - 1;
            while (dim >= 0 && ++index[dim] == selection[dim].Stop)
            {
                index[dim] = selection[dim].Start;
                dim--;
            }

            if (dim < 0)
            {
                return result.ToArray();
            }
        }
    }
}
