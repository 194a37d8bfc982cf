using System.Buffers.Binary;

namespace NumCodecs.Blosc;

/// <summary>
/// Checks the whole structure of a Blosc chunk before any native call: c-blosc's decoder takes no source length and
/// trusts the header, so every offset it will follow is proven to lie inside the given bytes first.
/// </summary>
internal static class BloscChunkValidator
{
    // c-blosc 1.x splits a block into one stream per byte of an item when the item is at most MaxSplits bytes and the
    // block holds at least MinBufferSize items per stream (blosc.c, blosc_d); the last, shorter block is never split.
    private const int MaxSplits = 16;
    private const int MinBufferSize = 128; // bytes

    /// <summary>
    /// Throws <see cref="CorruptDataException"/> unless <paramref name="chunk"/> holds all <c>cbytes</c> of the chunk,
    /// every block start lies in <c>[16 + 4 * nblocks, cbytes)</c>, and every split's length prefix and data lie
    /// inside <c>cbytes</c>.
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

        for (int block = 0; block < header.BlockCount; block++)
        {
            ValidateSplits(chunk, header, block, ReadBlockStart(chunk, header, block), header.CompressedLength);
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
    /// <paramref name="start"/>, has its length prefix and data before <paramref name="end"/>.
    /// </summary>
    public static void ValidateSplits(ReadOnlySpan<byte> chunk, in BloscHeader header, int block, int start, int end)
    {
        bool isLast = block == header.BlockCount - 1;
        int blockLength = isLast ? header.LastBlockLength : header.BlockSize;
        bool isLeftover = isLast && blockLength != header.BlockSize;
        int splits = SplitCount(header, blockLength, isLeftover);
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

            offset += length;
        }
    }

    /// <summary>How many independently compressed streams a block of <paramref name="blockLength"/> bytes holds.</summary>
    public static int SplitCount(in BloscHeader header, int blockLength, bool isLeftover) =>
        !header.IsDontSplit && header.TypeSize <= MaxSplits && blockLength / header.TypeSize >= MinBufferSize && !isLeftover
            ? header.TypeSize
            : 1;
}
