using NumCodecs.Blosc;
using NumCodecs.IO;

namespace NumCodecs.Fuzz.Targets;

/// <summary>
/// Partial decoding of Blosc chunks: <see cref="BloscPartialDecoder.DecodeItemRanges"/> and
/// <see cref="BloscPartialDecoder.DecodeSelection"/> on the chunk in memory, and <see cref="BloscChunkReader"/> over a
/// <see cref="MemoryByteRangeSource"/> and over a copying (non-direct) source, with one and two decoding threads and
/// with a block cache. Every way that succeeds must give the same bytes, and the bytes a full decode gives at those
/// items when that succeeds too.
/// </summary>
/// <remarks>
/// Input: a flags byte, a byte with the range count (low 3 bits, at most 4) and read options, a byte with the chunk's offset in the source,
/// four bytes per range, four selection bytes, then the chunk. Ranges are taken modulo the header's item count (plus a
/// little, so that some lie outside).
/// </remarks>
internal sealed class BloscPartialTarget : FuzzTarget
{
    private const int MaxRanges = 4;
    private const int MaxSelectedBytes = 8 << 20; // destinations larger than this are not allocated by the harness

    private static readonly BloscCodec s_codec = new();
    private static readonly int[] s_initialReads = [16, 20, 64, 4096];

    // One cache for the process; each input uses its own key and clears it afterwards.
    private static readonly BloscBlockCache s_cache = new(1 << 20);

    public override void Run(byte[] input)
    {
        var reader = new InputReader(input);
        byte flags = reader.Byte();
        byte rangeByte = reader.Byte();
        int prefix = reader.Byte() % 16;
        var rawRanges = new (ushort Start, ushort Count)[Math.Min(rangeByte & 7, MaxRanges)];
        for (int i = 0; i < rawRanges.Length; i++)
        {
            rawRanges[i] = (reader.UInt16(), reader.UInt16());
        }

        byte[] selectionBytes = [reader.Byte(), reader.Byte(), reader.Byte(), reader.Byte()];
        byte[] chunk = reader.Rest();

        bool headerOk = BloscHeader.TryRead(chunk, out BloscHeader header);
        int itemSize = headerOk ? header.TypeSize : 1;
        int itemCount = headerOk ? header.UncompressedLength / header.TypeSize : 0;
        ItemRange[] ranges = rawRanges
            .Select(r => headerOk ? new ItemRange(r.Start % (itemCount + 2), r.Count % (itemCount + 2)) : new ItemRange(r.Start, r.Count))
            .ToArray();
        long total = ranges.Sum(r => (long)r.Count * itemSize);
        if (total > MaxSelectedBytes)
        {
            return; // the harness would allocate the destination; the library's own allocations are what is weighed
        }

        // Destination: exact, one byte short, or with room to spare.
        int slack = (flags >> 6) switch { 1 => -1, 2 => 16, _ => 0 };
        int destinationLength = (int)Math.Max(0, total + slack);
        bool tooShort = destinationLength < total;
        bool outside = headerOk && ranges.Any(r => (long)r.Start + r.Count > itemCount);
        var options = new BloscPartialOptions
        {
            MaxDegreeOfParallelism = (flags & 0x04) != 0 ? 2 : 1,
            InitialReadLength = s_initialReads[(rangeByte >> 3) & 3],
            MaxCoalesceGap = (rangeByte & 0x20) != 0 ? 0 : 64 * 1024,
        };
        var parallel = new BloscPartialOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism == 1 ? 2 : 1,
            InitialReadLength = options.InitialReadLength,
            MaxCoalesceGap = options.MaxCoalesceGap,
        };
        var cached = new BloscPartialOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, Cache = s_cache };

        Outcome<byte[]> full = Call.Attempt("BloscCodec.Decode(chunk)", () => s_codec.Decode(chunk));
        byte[]? expected = full.Ok && headerOk ? Slice(full.Value!, ranges, itemSize) : null;

        var results = new List<(string Way, Outcome<byte[]> Result)>
        {
            ("DecodeItemRanges", Ranges("DecodeItemRanges", destinationLength, d => BloscPartialDecoder.DecodeItemRanges(chunk, ranges, d, options))),
            ($"DecodeItemRanges (parallelism {parallel.MaxDegreeOfParallelism})", Ranges("DecodeItemRanges", destinationLength, d => BloscPartialDecoder.DecodeItemRanges(chunk, ranges, d, parallel))),
        };

        if ((flags & 0x20) != 0)
        {
            // The same chunk twice under one key: the second call is served from the cache.
            object key = new();
            results.Add(("DecodeItemRanges (cache, first)", Ranges("DecodeItemRanges", destinationLength, d => BloscPartialDecoder.DecodeItemRanges(chunk, ranges, d, cached, key))));
            results.Add(("DecodeItemRanges (cache, second)", Ranges("DecodeItemRanges", destinationLength, d => BloscPartialDecoder.DecodeItemRanges(chunk, ranges, d, cached, key))));
            s_cache.Clear();
        }

        byte[] stored = [.. new byte[prefix], .. chunk];
        IByteRangeSource memory = new MemoryByteRangeSource(stored);
        var copying = new CopyingSource(stored, yieldOnAsyncReads: (flags & 0x10) != 0);
        foreach ((string sourceName, IByteRangeSource source) in new[] { ("memory", memory), ("copying", (IByteRangeSource)copying) })
        {
            string way = $"BloscChunkReader({sourceName}, offset {prefix})";
            results.Add((way + ".ReadItemRanges", Ranges(way + ".ReadItemRanges", destinationLength, d => new BloscChunkReader(source, prefix, options).ReadItemRanges(ranges, d))));
            if ((flags & 0x08) != 0)
            {
                results.Add((way + ".ReadItemRangesAsync", Ranges(way + ".ReadItemRangesAsync", destinationLength, d =>
                {
                    var target = new byte[d.Length];
                    BloscPartialResult result = new BloscChunkReader(source, prefix, parallel).ReadItemRangesAsync(ranges, target).AsTask().GetAwaiter().GetResult();
                    target.CopyTo(d);
                    return result;
                })));
            }
        }

        foreach ((string way, Outcome<byte[]> result) in results)
        {
            // A chunk the full decode accepts is whole and every block in it decodes: a partial decode may refuse
            // the ranges or the destination, or a chunk not addressable by item, but not the chunk's structure.
            Call.Check(
                !full.Ok || result.Ok || result.Error is not NumCodecsException,
                $"BloscCodec.Decode accepts the chunk, but {way} refuses it: {result}.");
            if (!result.Ok)
            {
                Call.Check(
                    !tooShort || result.Error is ArgumentException or NumCodecsException or NotSupportedException,
                    $"{way}: a destination too short gave {result}.");
                continue;
            }

            Call.Check(!tooShort, $"{way} succeeded into {destinationLength} bytes, short of the {total} its ranges select.");
            Call.Check(!outside, $"{way} succeeded for ranges outside the chunk's {itemCount} items: {string.Join(", ", ranges)}.");
            Call.Check(
                expected is null || result.Value.AsSpan().SequenceEqual(expected),
                $"{way} gave other bytes than the full decode at the same items.");
            (string firstWay, Outcome<byte[]> first) = results.First(r => r.Result.Ok);
            Call.Check(
                result.Value.AsSpan().SequenceEqual(first.Value),
                $"{way} and {firstWay} gave different bytes.");
        }

        if (headerOk && itemCount > 0)
        {
            CheckSelection(chunk, header, itemCount, selectionBytes, full.Ok ? full.Value : null, options, stored, prefix);
        }
    }

    public override IEnumerable<Seed> Seeds(SeedContext context)
    {
        CodecEntry[] codecs =
        [
            CodecEntry.FromJson("""{"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 256}""", 4),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "zstd", "clevel": 3, "shuffle": 2, "blocksize": 1024}""", 8),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "blosclz", "clevel": 9, "shuffle": 0, "blocksize": 128}""", 2),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "zlib", "clevel": 1, "shuffle": 1, "blocksize": 512}""", 1),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "lz4", "clevel": 0, "shuffle": 0, "blocksize": 256}""", 4),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 0}""", 4),
        ];
        IReadOnlyList<(string Name, byte[] Data)> patterns = SeedContext.Patterns;
        int n = 0;
        for (int c = 0; c < codecs.Length; c++)
        {
            foreach ((string patternName, byte[] data) in patterns.Where(p => p.Data.Length >= 64))
            {
                byte[]? chunk = SeedContext.TryEncode(codecs[c], data);
                if (chunk is null || n++ % 2 != c % 2)
                {
                    continue;
                }

                int items = data.Length / codecs[c].ItemSize;
                byte flags = (byte)((n * 37) & 0xFF);
                byte rangeByte = (byte)(((n * 11) & 0xF8) | 2); // two ranges
                yield return new Seed(
                    $"own-{c}-{patternName}",
                    [flags, rangeByte, (byte)(n % 16), .. Range(n % items, items / 3), .. Range(items / 2, items / 4), (byte)n, 7, 200, 33, .. chunk]);
            }
        }

        foreach (SeedContext.Fixture fixture in context.Fixtures("blosc"))
        {
            yield return new Seed(fixture.Name, [0x05, 0x0A, 3, 1, 0, 100, 0, 50, 0, 20, 0, 1, 2, 3, 4, .. fixture.Encoded]);
        }
    }

    private static byte[] Range(int start, int count) => [(byte)start, (byte)(start >> 8), (byte)count, (byte)(count >> 8)];

    /// <summary>A partial decode into a fresh guarded destination; the result's length must be what it wrote.</summary>
    private static Outcome<byte[]> Ranges(string call, int length, DecodeInto decode)
    {
        var destination = new Guarded().Reset(length);
        Outcome<BloscPartialResult> result = Call.Attempt(call, () => decode(destination.Span), Allow.Argument | Allow.NotSupported);
        destination.CheckGuard(call);
        if (!result.Ok)
        {
            return new Outcome<byte[]>(result.Error!);
        }

        int written = result.Value.BytesWritten;
        Call.Check(written >= 0 && written <= length, $"{call} reports {written} bytes written into {length}.");
        return new Outcome<byte[]>(destination.Written(written).ToArray());
    }

    private static void CheckSelection(
        byte[] chunk, BloscHeader header, int itemCount, byte[] bytes, byte[]? full, BloscPartialOptions options, byte[] stored, int prefix)
    {
        // A shape whose product is the item count: up to three dimensions, split at divisors picked by the input.
        int rank = 1 + (bytes[0] % 3);
        var shape = new List<int>();
        int rest = itemCount;
        for (int d = 0; d < rank - 1; d++)
        {
            int divisor = Math.Max(1, Math.Min(rest, 1 + (bytes[1 + d] % 64)));
            while (rest % divisor != 0)
            {
                divisor--;
            }

            shape.Add(divisor);
            rest /= divisor;
        }

        shape.Insert(0, rest);
        var selection = new DimensionSlice[rank];
        for (int d = 0; d < rank; d++)
        {
            int extent = shape[d];
            int seed = (bytes[3] * (d + 7)) + bytes[d];
            int start = seed % (extent + 1);
            int stop = start + ((seed / 3) % (extent - start + 1));
            if ((bytes[3] & 0x80) != 0 && d == rank - 1)
            {
                stop = extent + 1; // outside: ArgumentException
            }

            selection[d] = new DimensionSlice(start, stop);
        }

        long selected = 1;
        foreach (DimensionSlice slice in selection)
        {
            selected *= Math.Max(0, slice.Length);
        }

        long length = selected * header.TypeSize;
        if (length > MaxSelectedBytes)
        {
            return;
        }

        int[] shapeArray = [.. shape];
        Outcome<byte[]> inMemory = Ranges("DecodeSelection", (int)length, d => BloscPartialDecoder.DecodeSelection(chunk, shapeArray, selection, d, options));
        Outcome<byte[]> viaReader = Ranges(
            "BloscChunkReader(copying).ReadSelection",
            (int)length,
            d => new BloscChunkReader(new CopyingSource(stored, yieldOnAsyncReads: false), prefix, options).ReadSelection(shapeArray, selection, d));
        bool outside = selection.Any(s => s.Start < 0 || s.Stop < s.Start);
        for (int d = 0; d < rank; d++)
        {
            outside |= selection[d].Stop > shapeArray[d];
        }

        string where = $"shape ({string.Join(", ", shapeArray)}), selection {string.Join(", ", selection.Select(s => $"{s.Start}:{s.Stop}"))}";
        Call.Check(!outside || (!inMemory.Ok && !viaReader.Ok), $"A selection outside the chunk succeeded: {where}.");
        if (inMemory.Ok && viaReader.Ok)
        {
            Call.Check(inMemory.Value.AsSpan().SequenceEqual(viaReader.Value), $"DecodeSelection and ReadSelection differ for {where}.");
        }

        if (inMemory.Ok && full is not null && !outside)
        {
            Call.Check(
                inMemory.Value.AsSpan().SequenceEqual(Select(full, shapeArray, selection, header.TypeSize)),
                $"DecodeSelection gave other bytes than the full decode for {where}.");
        }
    }

    /// <summary>The items of <paramref name="ranges"/> out of a fully decoded chunk, or null when a range lies outside.</summary>
    private static byte[]? Slice(byte[] decoded, ItemRange[] ranges, int itemSize)
    {
        var result = new List<byte>();
        foreach (ItemRange range in ranges)
        {
            long start = (long)range.Start * itemSize;
            long count = (long)range.Count * itemSize;
            if (start + count > decoded.Length)
            {
                return null;
            }

            result.AddRange(decoded.AsSpan((int)start, (int)count).ToArray());
        }

        return [.. result];
    }

    /// <summary>The selection's items in C order, computed index by index from the full decode.</summary>
    private static byte[] Select(byte[] decoded, int[] shape, DimensionSlice[] selection, int itemSize)
    {
        int rank = shape.Length;
        var strides = new long[rank];
        strides[rank - 1] = 1;
        for (int d = rank - 2; d >= 0; d--)
        {
            strides[d] = strides[d + 1] * shape[d + 1];
        }

        var result = new List<byte>();
        var index = selection.Select(s => s.Start).ToArray();
        if (selection.Any(s => s.Length <= 0))
        {
            return [];
        }

        while (true)
        {
            long flat = 0;
            for (int d = 0; d < rank; d++)
            {
                flat += index[d] * strides[d];
            }

            result.AddRange(decoded.AsSpan((int)(flat * itemSize), itemSize).ToArray());
            int dim = rank - 1;
            while (dim >= 0 && ++index[dim] >= selection[dim].Stop)
            {
                index[dim] = selection[dim].Start;
                dim--;
            }

            if (dim < 0)
            {
                return [.. result];
            }
        }
    }

    private delegate BloscPartialResult DecodeInto(Span<byte> destination);
}
