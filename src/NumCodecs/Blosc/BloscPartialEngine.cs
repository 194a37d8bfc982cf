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
                    fixed (byte* scratch = buffer)
                    {
                        DecodeBlock((byte*)chunkAddress, layout.Header, block, scratch, blockLength);
                    }

                    CopyPieces(buffer, pieces, first, count, target);
                    cache?.Add(cacheKey!, block, buffer);
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
