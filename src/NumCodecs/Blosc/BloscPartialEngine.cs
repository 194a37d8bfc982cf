using System.Buffers.Binary;
using NumCodecs.Internal;
using NumCodecs.Native;

namespace NumCodecs.Blosc;

/// <summary>
/// The shared core of partial decoding: splits item ranges into per-block pieces, decodes each needed block once
/// (straight into the destination when one piece covers it whole), and copies the pieces out.
/// </summary>
internal static unsafe class BloscPartialEngine
{
    /// <summary>A part of one block that goes to one place in the destination; all lengths in bytes.</summary>
    internal struct Piece
    {
        public int Block;
        public int OffsetInBlock;
        public int Length;
        public int DestinationOffset;
    }

    /// <summary>
    /// Checks the ranges against the chunk and the destination and splits them into pieces, sorted by block.
    /// The ranges fill the destination one after another, from its start.
    /// </summary>
    public static Piece[] Plan(BloscChunkLayout layout, ReadOnlySpan<ItemRange> ranges, int destinationLength, out int totalBytes)
    {
        if (!layout.SupportsItemAccess)
        {
            throw new NotSupportedException(
                $"This Blosc chunk's nbytes ({layout.Header.UncompressedLength}) or blocksize ({layout.Header.BlockSize}) is not a " +
                $"whole number of {layout.ItemSize}-byte items, so it cannot be decoded by item; decode the whole chunk instead.");
        }

        int itemSize = layout.ItemSize;
        int itemCount = layout.ItemCount;
        long total = 0;
        int pieceCount = 0;
        for (int i = 0; i < ranges.Length; i++)
        {
            ItemRange range = ranges[i];
            if (range.Start < 0 || range.Count < 0 || (long)range.Start + range.Count > itemCount)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(ranges), $"Item range {i} ({range.Start}, {range.Count} items) lies outside the chunk's {itemCount} items.");
            }

            total += (long)range.Count * itemSize;
            if (range.Count > 0)
            {
                int firstBlock = range.Start / layout.ItemsPerBlock;
                int lastBlock = (range.Start + range.Count - 1) / layout.ItemsPerBlock;
                pieceCount += lastBlock - firstBlock + 1;
            }
        }

        if (total > destinationLength)
        {
            throw new ArgumentException(
                $"The destination ({destinationLength} bytes) is too small for the {total} bytes the ranges select.", nameof(destinationLength));
        }

        totalBytes = (int)total;
        var pieces = new Piece[pieceCount];
        int blockSize = layout.Header.BlockSize;
        int next = 0;
        int destination = 0;
        foreach (ItemRange range in ranges)
        {
            long position = (long)range.Start * itemSize;
            long end = position + ((long)range.Count * itemSize);
            while (position < end)
            {
                int block = (int)(position / blockSize);
                long blockEnd = Math.Min((long)(block + 1) * blockSize, layout.Header.UncompressedLength);
                int length = (int)(Math.Min(end, blockEnd) - position);
                pieces[next++] = new Piece
                {
                    Block = block,
                    OffsetInBlock = (int)(position - ((long)block * blockSize)),
                    Length = length,
                    DestinationOffset = destination,
                };
                destination += length;
                position += length;
            }
        }

        Array.Sort(pieces, static (a, b) => a.Block != b.Block ? a.Block.CompareTo(b.Block) : a.OffsetInBlock.CompareTo(b.OffsetInBlock));
        return pieces;
    }

    /// <summary>The distinct blocks the pieces touch, in increasing order.</summary>
    public static int[] NeededBlocks(Piece[] pieces)
    {
        var blocks = new List<int>();
        foreach (Piece piece in pieces)
        {
            if (blocks.Count == 0 || blocks[^1] != piece.Block)
            {
                blocks.Add(piece.Block);
            }
        }

        return blocks.ToArray();
    }

    /// <summary>
    /// Decodes every block the pieces touch and copies the pieces to the destination.
    /// </summary>
    /// <param name="chunk">A well-formed chunk: the whole chunk, or a compact one holding the needed blocks.</param>
    /// <param name="chunkLength">Its length; its header's cbytes must not exceed it.</param>
    /// <param name="layout">The original chunk's layout.</param>
    /// <param name="starts">Start of each needed block's compressed bytes in <paramref name="chunk"/> (unused when memcpyed).</param>
    /// <param name="ends">End of each needed block's compressed bytes in <paramref name="chunk"/> (unused when memcpyed).</param>
    /// <param name="pieces">From <see cref="Plan"/>.</param>
    /// <param name="destination">The destination start.</param>
    /// <param name="preloaded">Decoded blocks already at hand (from the cache), by block index, or null.</param>
    /// <param name="options">Parallelism and cache.</param>
    /// <param name="cacheKey">Identifies the chunk in the cache; null to bypass the cache.</param>
    /// <param name="blocksDecoded">Blocks decompressed.</param>
    /// <param name="cacheHits">Blocks taken from <paramref name="preloaded"/>.</param>
    public static void Decode(
        byte* chunk, int chunkLength, BloscChunkLayout layout, int[] starts, int[] ends, Piece[] pieces, byte* destination,
        byte[]?[]? preloaded, BloscPartialOptions options, object? cacheKey, out int blocksDecoded, out int cacheHits)
    {
        // One group per block, whatever the order of the ranges: each block is decoded once, and how much of it is
        // decoded (its prefix or all of it) depends on everything wanted from it, not on how the pieces happen to fall.
        if (!IsOrderedByBlock(pieces))
        {
            pieces = [.. pieces.OrderBy(piece => piece.Block)]; // stable: pieces keep their order within a block
        }

        var groups = new List<(int First, int Count)>();
        for (int i = 0; i < pieces.Length; i++)
        {
            if (groups.Count == 0 || pieces[groups[^1].First].Block != pieces[i].Block)
            {
                groups.Add((i, 1));
            }
            else
            {
                groups[^1] = (groups[^1].First, groups[^1].Count + 1);
            }
        }

        int decoded = 0;
        int hits = 0;
        BloscBlockCache? cache = cacheKey is null ? null : options.Cache;
        nint chunkAddress = (nint)chunk;
        nint destinationAddress = (nint)destination;

        void DecodeGroup(int g)
        {
            (int first, int count) = groups[g];
            int block = pieces[first].Block;
            int blockLength = layout.GetDecodedLength(block);
            byte* target = (byte*)destinationAddress;
            byte[]? ready = preloaded?[block];
            if (ready is not null)
            {
                CopyPieces(ready, pieces, first, count, target);
                Interlocked.Increment(ref hits);
                return;
            }

            // Checked before anything is allocated for the block, and before c-blosc follows its offsets.
            if (!layout.Header.IsMemcpyed)
            {
                BloscChunkValidator.ValidateSplits(
                    new ReadOnlySpan<byte>((byte*)chunkAddress, chunkLength), layout.Header, block, starts[block], ends[block]);
            }

            Piece only = pieces[first];
            if (cache is null && count == 1 && only.OffsetInBlock == 0 && only.Length == blockLength)
            {
                DecodeBlock((byte*)chunkAddress, layout.Header, block, target + only.DestinationOffset, blockLength);
            }
            else
            {
                // A block going into the cache needs an array of its own; otherwise a pooled one serves.
                byte[] buffer = cache is null ? System.Buffers.ArrayPool<byte>.Shared.Rent(blockLength) : new byte[blockLength];
                try
                {
                    bool cacheable = cache is not null;
                    fixed (byte* scratch = buffer)
                    {
                        // Uncached, decode only the prefix the pieces need where the block's kind allows; a cached block
                        // is decoded whole. Should the whole block be corrupt past that prefix, the pieces still come
                        // from it (uncached), as they do without a cache: the verdict must not depend on the cache.
                        bool prefixable = !layout.Header.IsMemcpyed;
                        if (cacheable || !prefixable || !TryDecodePrefix((byte*)chunkAddress, layout.Header, block, starts[block], pieces, first, count, scratch, blockLength))
                        {
                            try
                            {
                                DecodeBlock((byte*)chunkAddress, layout.Header, block, scratch, blockLength);
                            }
                            catch (CorruptDataException) when (cacheable && prefixable)
                            {
                                if (!TryDecodePrefix((byte*)chunkAddress, layout.Header, block, starts[block], pieces, first, count, scratch, blockLength))
                                {
                                    throw;
                                }

                                cacheable = false;
                            }
                        }
                    }

                    CopyPieces(buffer, pieces, first, count, target);
                    if (cacheable)
                    {
                        cache!.Add(cacheKey!, block, buffer);
                    }
                }
                finally
                {
                    if (cache is null)
                    {
                        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }

            Interlocked.Increment(ref decoded);
        }

        ParallelWork.For(groups.Count, options.MaxDegreeOfParallelism, DecodeGroup);

        blocksDecoded = decoded;
        cacheHits = hits;
    }

    private static bool IsOrderedByBlock(Piece[] pieces)
    {
        for (int i = 1; i < pieces.Length; i++)
        {
            if (pieces[i].Block < pieces[i - 1].Block)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Looks up the needed blocks in the cache, so that they are neither read nor decoded.</summary>
    public static byte[]?[]? Preload(BloscChunkLayout layout, int[] neededBlocks, BloscPartialOptions options, object? cacheKey)
    {
        if (options.Cache is null || cacheKey is null)
        {
            return null;
        }

        var preloaded = new byte[]?[layout.BlockCount];
        foreach (int block in neededBlocks)
        {
            if (options.Cache.TryGet(cacheKey, block, out byte[] decoded))
            {
                preloaded[block] = decoded;
            }
        }

        return preloaded;
    }

    /// <summary>
    /// Decodes only as much of a validated block as its pieces need, where the format allows it: an LZ4 (or LZ4HC)
    /// block, byte-shuffled with one split per byte of the item (c-blosc's default for them) or neither shuffled nor
    /// split. Each split is an LZ4 stream of one byte plane, so the items up to the last wanted one are a prefix of
    /// every stream: LZ4 stops there, and only the wanted items are put back together. A row of a wide chunk thus
    /// costs on average half a block's decoding instead of all of it, and no unshuffle of the rest.
    /// </summary>
    /// <returns>False, having written nothing, where the block is of another kind (the caller decodes it whole).</returns>
    /// <param name="chunk">The chunk (or compact chunk) holding the block.</param>
    /// <param name="header">The chunk's header.</param>
    /// <param name="block">The block's index.</param>
    /// <param name="blockStart">Where the block's compressed bytes start in <paramref name="chunk"/>.</param>
    /// <param name="pieces">The pieces; <paramref name="count"/> of them from <paramref name="first"/> lie in this block.</param>
    /// <param name="first">The first of this block's pieces.</param>
    /// <param name="count">How many pieces lie in this block.</param>
    /// <param name="scratch">A block's worth of space: the wanted items land where a full decode would put them.</param>
    /// <param name="blockLength">The block's decoded length.</param>
    private static bool TryDecodePrefix(byte* chunk, in BloscHeader header, int block, int blockStart, Piece[] pieces, int first, int count, byte* scratch, int blockLength)
    {
        int typeSize = header.TypeSize;
        if (header.CompressorCode is not (1 or 2) || blockLength % typeSize != 0) // the caller has excluded memcpyed chunks
        {
            return false;
        }

        int wantedStart = int.MaxValue, wantedEnd = 0;
        for (int i = first; i < first + count; i++)
        {
            wantedStart = Math.Min(wantedStart, pieces[i].OffsetInBlock);
            wantedEnd = Math.Max(wantedEnd, pieces[i].OffsetInBlock + pieces[i].Length);
        }

        bool isLeftover = block == header.BlockCount - 1 && blockLength != header.BlockSize;
        int splits = BloscChunkValidator.SplitCount(header, blockLength, isLeftover);
        bool shuffled = header.Shuffle == BloscShuffle.Shuffle && typeSize > 1;
        if (header.Shuffle == BloscShuffle.BitShuffle || (shuffled && splits != typeSize) || (!shuffled && splits != 1))
        {
            return false;
        }

        // In items for a shuffled block (each split holds one byte of every item), in bytes otherwise.
        int unit = shuffled ? typeSize : 1;
        int firstUnit = wantedStart / unit, endUnit = (wantedEnd + unit - 1) / unit;
        int splitLength = blockLength / splits;
        if (endUnit * 4L > splitLength * 3L)
        {
            return false; // most of the block is wanted: one full decode is as cheap and unshuffles with SIMD
        }

        // The planes' prefixes (typeSize streams of endUnit bytes each), when shuffled; the items otherwise go straight
        // to the scratch.
        byte[]? planes = shuffled ? System.Buffers.ArrayPool<byte>.Shared.Rent(typeSize * endUnit) : null;
        try
        {
            fixed (byte* plane = planes)
            {
                // Cleared first: LZ4 1.9 copies a match of offset 0 onto itself, leaving whatever the buffer held, so
                // a hostile stream would read stale pooled bytes, different from one call to the next.
                new Span<byte>(shuffled ? plane : scratch, shuffled ? typeSize * endUnit : endUnit).Clear();
                long offset = blockStart;
                for (int split = 0; split < splits; split++)
                {
                    // ValidateSplits has checked every length prefix and stream against the block's bounds.
                    int length = BinaryPrimitives.ReadInt32LittleEndian(new ReadOnlySpan<byte>(chunk + offset, sizeof(int)));
                    offset += sizeof(int);
                    byte* target = shuffled ? plane + (split * (long)endUnit) : scratch;
                    if (length == splitLength)
                    {
                        Buffer.MemoryCopy(chunk + offset, target, endUnit, endUnit); // a split c-blosc stored raw
                    }
                    else
                    {
                        int written = Interop.Lz4.LZ4_decompress_safe_partial(chunk + offset, target, length, endUnit, endUnit);
                        if (written != endUnit)
                        {
                            throw new CorruptDataException(
                                $"Blosc block {block}, split {split}: its LZ4 stream decodes to {written} bytes where at least {endUnit} were expected.");
                        }
                    }

                    offset += length;
                }

                if (shuffled)
                {
                    // Gather the wanted items back from their byte planes into their places in the block.
                    for (int item = firstUnit; item < endUnit; item++)
                    {
                        byte* to = scratch + (item * (long)typeSize);
                        for (int b = 0; b < typeSize; b++)
                        {
                            to[b] = plane[(b * (long)endUnit) + item];
                        }
                    }
                }
            }
        }
        finally
        {
            if (planes is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(planes);
            }
        }

        return true;
    }

    /// <summary>Decodes one validated block of a chunk held at <paramref name="chunk"/> through <c>blosc_getitem</c>.</summary>
    private static void DecodeBlock(byte* chunk, in BloscHeader header, int block, byte* destination, int blockLength)
    {
        int itemsPerBlock = header.BlockSize / header.TypeSize;
        int result = Interop.Blosc.blosc_getitem(chunk, block * itemsPerBlock, blockLength / header.TypeSize, destination);
        if (result != blockLength)
        {
            throw new CorruptDataException(
                $"c-blosc could not decompress block {block} of the {header.CompressorLibrary} chunk (error {result}, expected {blockLength} bytes).");
        }
    }

    private static void CopyPieces(byte[] block, Piece[] pieces, int first, int count, byte* destination)
    {
        for (int i = first; i < first + count; i++)
        {
            Piece piece = pieces[i];
            block.AsSpan(piece.OffsetInBlock, piece.Length).CopyTo(new Span<byte>(destination + piece.DestinationOffset, piece.Length));
        }
    }
}
