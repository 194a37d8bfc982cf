namespace NumCodecs.Blosc;

/// <summary>How partial reads of Blosc chunks plan their reads and decode their blocks.</summary>
public sealed class BloscPartialOptions
{
    /// <summary>The defaults: 64 KiB coalescing gap, one decoding thread, a 16-byte first read, no cache.</summary>
    public static BloscPartialOptions Default { get; } = new();

    /// <summary>
    /// Largest gap, in bytes, between the compressed ranges of two needed blocks that is read (and discarded) to merge
    /// the two reads into one. 0 merges only adjacent ranges. Default 64 KiB.
    /// </summary>
    public int MaxCoalesceGap { get; init; } = 64 * 1024;

    /// <summary>Most blocks decoded at once by one call; 1 decodes on the calling thread only. Default 1.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>
    /// Bytes of the first read of a chunk from a source, at least the 16-byte header. When it also covers the block
    /// table (16 + 4 bytes per block), header and table arrive in one read; otherwise a second read fetches the rest of
    /// the table. Default 16.
    /// </summary>
    public int InitialReadLength { get; init; } = 16;

    /// <summary>A cache of decoded blocks shared by the calls that use these options; null for none.</summary>
    public BloscBlockCache? Cache { get; init; }
}

/// <summary>What one partial decode did.</summary>
/// <param name="BytesWritten">Decoded bytes written to the destination.</param>
/// <param name="BlocksDecoded">Blocks decompressed (each needed block at most once).</param>
/// <param name="CacheHits">Blocks served by the cache.</param>
/// <param name="BytesRead">Bytes read from the source (0 when decoding in place from memory or a mapping).</param>
/// <param name="ReadCount">Read calls made on the source.</param>
public readonly record struct BloscPartialResult(int BytesWritten, int BlocksDecoded, int CacheHits, long BytesRead, int ReadCount);
