namespace NumCodecs.Blosc;

/// <summary>
/// The anatomy of a Blosc 1.x chunk, read from its header and block-start table alone: where each block's
/// compressed bytes lie and which items it decodes to. Everything is checked in managed code.
/// </summary>
/// <remarks>
/// Block starts are absolute offsets from the chunk start. They need not increase: multi-threaded compression writes
/// blocks in completion order, so a block ends at the next larger start, or at <c>cbytes</c>. A memcpyed chunk has no
/// table; its data follows the header.
/// </remarks>
public sealed class BloscChunkLayout
{
    private readonly int[] _starts;
    private readonly int[] _ends;

    private BloscChunkLayout(BloscHeader header, int[] starts, int[] ends)
    {
        Header = header;
        _starts = starts;
        _ends = ends;
    }

    /// <summary>Start of each block's compressed bytes, from the chunk start (empty when memcpyed; shared, not copied: do not change).</summary>
    internal int[] Starts => _starts;

    /// <summary>End of each block's compressed bytes, from the chunk start (empty when memcpyed; shared, not copied: do not change).</summary>
    internal int[] Ends => _ends;

    /// <summary>The chunk's header.</summary>
    public BloscHeader Header { get; }

    /// <summary>Number of blocks.</summary>
    public int BlockCount => Header.BlockCount;

    /// <summary>Bytes per item (the chunk's typesize).</summary>
    public int ItemSize => Header.TypeSize;

    /// <summary>Number of whole items in the chunk.</summary>
    public int ItemCount => Header.UncompressedLength / Header.TypeSize;

    /// <summary>Items per block (every block but possibly the last).</summary>
    public int ItemsPerBlock => Header.BlockSize / Header.TypeSize;

    /// <summary>
    /// Whether items can be addressed block by block: the decoded length and the block size are whole numbers of
    /// items (always so for chunks numcodecs and NumCodecs write from arrays).
    /// </summary>
    public bool SupportsItemAccess =>
        Header.UncompressedLength % Header.TypeSize == 0 && (Header.BlockCount == 0 || Header.BlockSize % Header.TypeSize == 0);

    /// <summary>Length of the header and block table, in bytes: what must be read before any block.</summary>
    /// <param name="header">A chunk header.</param>
    /// <returns>16 plus 4 bytes per block, or 16 for a memcpyed chunk.</returns>
    public static int GetHeaderAndTableLength(in BloscHeader header) => header.DataOffset;

    /// <summary>Reads the layout from the first bytes of a chunk.</summary>
    /// <param name="headerAndTable">At least <see cref="GetHeaderAndTableLength"/> bytes from the chunk start.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="CorruptDataException">
    /// The header is invalid, the table is incomplete, or a block start lies outside <c>[16 + 4 * nblocks, cbytes)</c>.
    /// </exception>
    public static BloscChunkLayout Read(ReadOnlySpan<byte> headerAndTable)
    {
        BloscHeader header = BloscHeader.Read(headerAndTable);
        if (header.IsMemcpyed)
        {
            // No table: block b's raw bytes lie at 16 + b * blocksize, computed when asked, so that nothing is sized
            // by the header's block count before the chunk's bytes are known to be there.
            return new BloscChunkLayout(header, [], []);
        }

        int tableEnd = header.DataOffset;
        if (headerAndTable.Length < tableEnd)
        {
            throw new CorruptDataException(
                $"The Blosc block table needs {tableEnd} bytes from the chunk start, but only {headerAndTable.Length} were given.");
        }

        int blockCount = header.BlockCount;
        var starts = new int[blockCount];
        var ends = new int[blockCount];
        BloscChunkValidator.ReadBlockRanges(headerAndTable, header, starts, ends, scratch: []);
        return new BloscChunkLayout(header, starts, ends);
    }

    /// <summary>Offset (from the chunk start) and length of a block's compressed bytes.</summary>
    /// <param name="block">Block index.</param>
    /// <returns>The byte range; for a memcpyed chunk, the block's raw bytes.</returns>
    public (int Offset, int Length) GetCompressedRange(int block)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(block);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(block, BlockCount);
        return Header.IsMemcpyed
            ? (BloscHeader.Length + (block * Header.BlockSize), BlockLength(Header, block))
            : (_starts[block], _ends[block] - _starts[block]);
    }

    /// <summary>Decoded length of a block in bytes (the last one may be shorter).</summary>
    /// <param name="block">Block index.</param>
    /// <returns>Bytes.</returns>
    public int GetDecodedLength(int block)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(block);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(block, BlockCount);
        return BlockLength(Header, block);
    }

    private static int BlockLength(in BloscHeader header, int block) =>
        block == header.BlockCount - 1 ? header.LastBlockLength : header.BlockSize;
}
