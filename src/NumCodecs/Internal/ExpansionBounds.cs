namespace NumCodecs.Internal;

/// <summary>
/// The most bytes each compressed format can decode to from a given number of compressed bytes. A header that claims
/// more than its input could expand to is corrupt, and is refused before anything is allocated for it.
/// </summary>
/// <remarks>
/// The ratios are the formats' own limits, with room to spare, never tuned to what an encoder happens to produce:
/// real data at the formats' best ratios (all zeros at the highest levels) decodes well inside them, which the tests
/// check for every compressor.
/// </remarks>
internal static class ExpansionBounds
{
    // LZ4 block format: a match costs a token and a 2-byte offset, and every further length byte adds at most 255
    // bytes; literals cost one byte each. So no compressed byte stands for more than 255 decoded ones.
    private const long Lz4BytesPerByte = 256;

    // BloscLZ (c-blosc's blosclz.c): a run's length grows by at most 255 per extension byte, as in LZ4.
    private const long BloscLzBytesPerByte = 256;

    // Deflate: the longest match (258 bytes) takes at least 2 bits of a fixed or dynamic code, hence 1032:1.
    private const long DeflateBytesPerByte = 1032;

    // Zstandard: an RLE block is a 3-byte block header and 1 byte, and stands for up to 128 KiB (the largest block).
    private const long ZstdBytesPerByte = 32 * 1024;

    /// <summary>Bytes allowed beyond each ratio for headers, trailers and a final partial byte, whatever the input's length.</summary>
    public const long Slack = 1024;

    /// <summary>The most bytes an LZ4 block of <paramref name="compressedLength"/> bytes decodes to.</summary>
    public static long Lz4(long compressedLength) => (compressedLength * Lz4BytesPerByte) + Slack;

    /// <summary>The most bytes a BloscLZ stream of <paramref name="compressedLength"/> bytes decodes to.</summary>
    public static long BloscLz(long compressedLength) => (compressedLength * BloscLzBytesPerByte) + Slack;

    /// <summary>The most bytes a deflate, zlib or gzip stream of <paramref name="compressedLength"/> bytes decodes to.</summary>
    public static long Deflate(long compressedLength) => (compressedLength * DeflateBytesPerByte) + Slack;

    /// <summary>The most bytes zstd frames of <paramref name="compressedLength"/> bytes in all decode to.</summary>
    public static long Zstd(long compressedLength) => (compressedLength * ZstdBytesPerByte) + Slack;
}
