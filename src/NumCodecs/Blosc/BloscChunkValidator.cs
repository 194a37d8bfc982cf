using System.Buffers;
using System.Buffers.Binary;
using NumCodecs.Internal;

namespace NumCodecs.Blosc;

/// <summary>
/// Checks the whole structure of a Blosc chunk before any native call: c-blosc's decoder takes no source length and
/// trusts the header, so every offset it will follow is proven to lie inside the given bytes first. The full decoder,
/// the layout and the partial decoder all judge a chunk here, so they give one verdict on it.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
internal static class BloscChunkValidator
{
    // c-blosc 1.x splits a block into one stream per byte of an item when the item is at most MaxSplits bytes and the
    // block holds at least MinBufferSize items per stream (blosc.c, blosc_d); the last, shorter block is never split.
    private const int MaxSplits = 16;
    private const int MinBufferSize = 128; // bytes

    // Tables up to this many blocks are checked with stack buffers; longer ones with pooled arrays.
    private const int StackBlockCount = 128;

    /// <summary>
    /// Throws <see cref="CorruptDataException"/> unless <paramref name="chunk"/> holds all <c>cbytes</c> of the chunk,
    /// the block starts are distinct and lie in <c>[16 + 4 * nblocks, cbytes)</c>, and every split's length prefix and
    /// data lie inside its block's bytes and could decode to the split's length.
    /// </summary>
    public static void Validate(ReadOnlySpan<byte> chunk, in BloscHeader header)
    {
        if (header.CompressedLength > chunk.Length)
        {
            throw new CorruptDataException(
                $"The Blosc header records cbytes {header.CompressedLength}, but only {chunk.Length} bytes were given (truncated chunk).");
        }

        if (header.IsMemcpyed || header.UncompressedLength == 0)
        {
            return;
        }

        int blockCount = header.BlockCount;
        int[]? rented = null;
        Span<int> buffer = blockCount <= StackBlockCount
            ? stackalloc int[4 * StackBlockCount]
            : (rented = ArrayPool<int>.Shared.Rent(4 * blockCount));
        try
        {
            Span<int> starts = buffer[..blockCount];
            Span<int> ends = buffer.Slice(blockCount, blockCount);
            ReadBlockRanges(chunk, header, starts, ends, buffer.Slice(2 * blockCount, 2 * blockCount));
            for (int block = 0; block < blockCount; block++)
            {
                ValidateSplits(chunk, header, block, starts[block], ends[block]);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Reads every block's start from the table and derives its end: the next larger start, or <c>cbytes</c>.
    /// Starts need not increase (multi-threaded compression writes blocks in completion order), but no two may be
    /// equal, since every block holds at least one split.
    /// </summary>
    /// <param name="headerAndTable">At least the header and the block table.</param>
    /// <param name="header">The chunk's header.</param>
    /// <param name="starts">Receives each block's start (nblocks entries).</param>
    /// <param name="ends">Receives each block's end (nblocks entries).</param>
    /// <param name="scratch">Working space for a table whose starts do not increase: 2 * nblocks entries, or empty to allocate it then.</param>
    public static void ReadBlockRanges(ReadOnlySpan<byte> headerAndTable, in BloscHeader header, Span<int> starts, Span<int> ends, Span<int> scratch)
    {
        int blockCount = header.BlockCount;
        bool increasing = true;
        for (int block = 0; block < blockCount; block++)
        {
            starts[block] = ReadBlockStart(headerAndTable, header, block);
            increasing &= block == 0 || starts[block] > starts[block - 1];
        }

        if (increasing)
        {
            // Serial compression's order: each block ends where the next begins.
            for (int block = 0; block < blockCount; block++)
            {
                ends[block] = block + 1 < blockCount ? starts[block + 1] : header.CompressedLength;
            }
        }
        else
        {
            SortedEnds(header, starts, ends, scratch);
        }

        // Every block's bytes must be able to hold its decoded length: c-blosc sizes its work buffers by the header's
        // blocksize whichever block it decodes, so a blocksize no block's bytes could produce is refused here.
        for (int block = 0; block < blockCount; block++)
        {
            int blockLength = block == blockCount - 1 ? header.LastBlockLength : header.BlockSize;
            long most = MaxDecodedSplitLength(header.CompressorCode, ends[block] - starts[block]) + ((MaxSplits - 1) * ExpansionBounds.Slack);
            if (blockLength > most)
            {
                throw new CorruptDataException(
                    $"Blosc block {block} has {ends[block] - starts[block]} compressed bytes, which cannot decode to its {blockLength} bytes " +
                    $"({header.CompressorLibrary} expands them to at most {most}).");
            }
        }
    }

    private static void SortedEnds(in BloscHeader header, ReadOnlySpan<int> starts, Span<int> ends, Span<int> scratch)
    {
        int blockCount = header.BlockCount;
        if (scratch.Length < 2 * blockCount)
        {
            scratch = new int[2 * blockCount];
        }

        Span<int> sortedStarts = scratch[..blockCount];
        Span<int> order = scratch.Slice(blockCount, blockCount);
        starts.CopyTo(sortedStarts);
        for (int block = 0; block < blockCount; block++)
        {
            order[block] = block;
        }

        sortedStarts.Sort(order);
        for (int i = 0; i < blockCount; i++)
        {
            int block = order[i];
            ends[block] = i + 1 < blockCount ? sortedStarts[i + 1] : header.CompressedLength;
            if (ends[block] == starts[block])
            {
                throw new CorruptDataException($"Blosc block {block} shares its start offset {starts[block]} with another block.");
            }
        }
    }

    /// <summary>
    /// The start offset of <paramref name="block"/> from the block table at the start of <paramref name="chunk"/>;
    /// throws <see cref="CorruptDataException"/> unless it lies in <c>[16 + 4 * nblocks, cbytes)</c>.
    /// </summary>
    public static int ReadBlockStart(ReadOnlySpan<byte> chunk, in BloscHeader header, int block)
    {
        int start = BinaryPrimitives.ReadInt32LittleEndian(chunk[(BloscHeader.Length + (block * sizeof(int)))..]);
        if (start < header.DataOffset || start >= header.CompressedLength)
        {
            throw new CorruptDataException(
                $"Blosc block {block} starts at offset {start}, outside the data area [{header.DataOffset}, {header.CompressedLength}).");
        }

        return start;
    }

    /// <summary>
    /// Throws <see cref="CorruptDataException"/> unless every split of <paramref name="block"/>, which starts at
    /// <paramref name="start"/>, has its length prefix and data before <paramref name="end"/>, and its compressed
    /// length could decode to the split's decoded length (which c-blosc would otherwise size its work by).
    /// </summary>
    public static void ValidateSplits(ReadOnlySpan<byte> chunk, in BloscHeader header, int block, int start, int end)
    {
        bool isLast = block == header.BlockCount - 1;
        int blockLength = isLast ? header.LastBlockLength : header.BlockSize;
        bool isLeftover = isLast && blockLength != header.BlockSize;
        int splits = SplitCount(header, blockLength, isLeftover);
        int splitLength = blockLength / splits; // decoded bytes per split (c-blosc's neblock)
        long offset = start;
        for (int split = 0; split < splits; split++)
        {
            if (offset + sizeof(int) > end)
            {
                throw new CorruptDataException(
                    $"Blosc block {block}, split {split}: its length prefix at offset {offset} lies past the block's end {end}.");
            }

            int length = BinaryPrimitives.ReadInt32LittleEndian(chunk[(int)offset..]);
            offset += sizeof(int);
            if (length < 0 || length > end - offset)
            {
                throw new CorruptDataException(
                    $"Blosc block {block}, split {split}: compressed length {length} at offset {offset - sizeof(int)} " +
                    $"runs past the block's end {end}.");
            }

            // A split exactly as long as its decoded length is stored raw; any other is decompressed to that length.
            if (length != splitLength && splitLength > MaxDecodedSplitLength(header.CompressorCode, length))
            {
                throw new CorruptDataException(
                    $"Blosc block {block}, split {split}: {length} compressed bytes cannot decode to the {splitLength} bytes " +
                    $"the header implies ({header.CompressorLibrary} expands {length} bytes to at most " +
                    $"{MaxDecodedSplitLength(header.CompressorCode, length)}).");
            }

            offset += length;
        }
    }

    /// <summary>How many independently compressed streams a block of <paramref name="blockLength"/> bytes holds.</summary>
    public static int SplitCount(in BloscHeader header, int blockLength, bool isLeftover) =>
        !header.IsDontSplit && header.TypeSize <= MaxSplits && blockLength / header.TypeSize >= MinBufferSize && !isLeftover
            ? header.TypeSize
            : 1;

    private static long MaxDecodedSplitLength(int compressorCode, int compressedLength) => compressorCode switch
    {
        0 => ExpansionBounds.BloscLz(compressedLength),
        1 => ExpansionBounds.Lz4(compressedLength),
        3 => ExpansionBounds.Deflate(compressedLength),
        _ => ExpansionBounds.Zstd(compressedLength), // the header check admits only these four codes
    };
}
