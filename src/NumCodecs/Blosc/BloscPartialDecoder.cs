namespace NumCodecs.Blosc;

/// <summary>
/// Decodes part of a Blosc chunk that is in memory (or memory-mapped): only the blocks holding the wanted items are
/// decompressed, each once, straight from the chunk's bytes.
/// </summary>
public static unsafe class BloscPartialDecoder
{
    /// <summary>
    /// Decodes <paramref name="itemCount"/> items from <paramref name="startItem"/> (numcodecs' old
    /// <c>decode_partial</c>, c-blosc's <c>blosc_getitem</c>), with every bound checked first.
    /// </summary>
    /// <param name="chunk">A whole Blosc chunk.</param>
    /// <param name="startItem">Index of the first item, in items of the chunk's typesize.</param>
    /// <param name="itemCount">Number of items.</param>
    /// <param name="destination">Receives <c>itemCount * typesize</c> bytes.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="CorruptDataException">The chunk is invalid or truncated.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The items lie outside the chunk.</exception>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static int DecodeItems(ReadOnlySpan<byte> chunk, int startItem, int itemCount, Span<byte> destination) =>
        DecodeItemRanges(chunk, [new ItemRange(startItem, itemCount)], destination).BytesWritten;

    /// <summary>
    /// Decodes several item ranges, one after another into <paramref name="destination"/>. A block several ranges
    /// touch is decompressed once; with <see cref="BloscPartialOptions.MaxDegreeOfParallelism"/> above 1, blocks
    /// decode in parallel.
    /// </summary>
    /// <param name="chunk">A whole Blosc chunk.</param>
    /// <param name="ranges">The item ranges, in the order their items go to the destination.</param>
    /// <param name="destination">Receives the items of all ranges.</param>
    /// <param name="options">Parallelism and cache; null for the defaults.</param>
    /// <param name="cacheKey">Identifies this chunk in <see cref="BloscPartialOptions.Cache"/> (for example its path); null bypasses the cache.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="CorruptDataException">The chunk is invalid or truncated.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A range lies outside the chunk.</exception>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    /// <exception cref="NotSupportedException">The chunk's length is not a whole number of items.</exception>
    public static BloscPartialResult DecodeItemRanges(
        ReadOnlySpan<byte> chunk, ReadOnlySpan<ItemRange> ranges, Span<byte> destination, BloscPartialOptions? options = null, object? cacheKey = null)
    {
        options ??= BloscPartialOptions.Default;
        BloscChunkLayout layout = BloscChunkLayout.Read(chunk);
        if (layout.Header.CompressedLength > chunk.Length)
        {
            throw new CorruptDataException(
                $"The Blosc header records cbytes {layout.Header.CompressedLength}, but only {chunk.Length} bytes were given (truncated chunk).");
        }

        BloscPartialEngine.Piece[] pieces = BloscPartialEngine.Plan(layout, ranges, destination.Length, out int total);
        if (pieces.Length == 0)
        {
            return default;
        }

        byte[]?[]? preloaded = BloscPartialEngine.Preload(layout, BloscPartialEngine.NeededBlocks(pieces), options, cacheKey);
        int decoded, hits;
        fixed (byte* chunkPointer = chunk)
        fixed (byte* destinationPointer = destination)
        {
            BloscPartialEngine.Decode(
                chunkPointer, layout.Header.CompressedLength, layout, layout.Starts, layout.Ends, pieces, destinationPointer, preloaded, options, cacheKey,
                out decoded, out hits);
        }

        return new BloscPartialResult(total, decoded, hits, 0, 0);
    }

    /// <summary>
    /// Decodes a hyper-rectangle of a C-order chunk into <paramref name="destination"/>, which receives the selection
    /// in C order with the selection's shape.
    /// </summary>
    /// <param name="chunk">A whole Blosc chunk.</param>
    /// <param name="chunkShape">The chunk's shape, outermost first; its product must equal the chunk's item count.</param>
    /// <param name="selection">One slice per dimension.</param>
    /// <param name="destination">Receives the selected items.</param>
    /// <param name="options">Parallelism and cache; null for the defaults.</param>
    /// <param name="cacheKey">Identifies this chunk in the cache; null bypasses it.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="CorruptDataException">The chunk is invalid or truncated.</exception>
    /// <exception cref="ArgumentException">The shape does not match the chunk, the selection lies outside it, or the destination is too small.</exception>
    public static BloscPartialResult DecodeSelection(
        ReadOnlySpan<byte> chunk, ReadOnlySpan<int> chunkShape, ReadOnlySpan<DimensionSlice> selection, Span<byte> destination,
        BloscPartialOptions? options = null, object? cacheKey = null)
    {
        BloscHeader header = BloscHeader.Read(chunk);
        CheckShape(header, chunkShape);
        return DecodeItemRanges(chunk, ChunkSelection.ToItemRanges(chunkShape, selection), destination, options, cacheKey);
    }

    internal static void CheckShape(in BloscHeader header, ReadOnlySpan<int> chunkShape)
    {
        long product = 1;
        foreach (int extent in chunkShape)
        {
            product *= extent;
        }

        long items = header.UncompressedLength / header.TypeSize;
        if (product != items)
        {
            throw new ArgumentException(
                $"The chunk shape holds {product} items, but the Blosc chunk holds {items} items of {header.TypeSize} bytes.", nameof(chunkShape));
        }
    }
}
