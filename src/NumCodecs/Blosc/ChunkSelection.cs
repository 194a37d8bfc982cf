namespace NumCodecs.Blosc;

/// <summary>Turns a hyper-rectangle selection of a C-order chunk into the contiguous item runs that hold it.</summary>
public static class ChunkSelection
{
    /// <summary>
    /// The runs of consecutive items (flat C-order indices into the chunk) that make up <paramref name="selection"/>,
    /// in the C order of the selection itself: decoding them one after another yields the selection's elements with
    /// the selection's shape. Trailing dimensions selected whole merge into longer runs.
    /// </summary>
    /// <param name="chunkShape">The chunk's shape, outermost dimension first.</param>
    /// <param name="selection">One slice per dimension.</param>
    /// <returns>The runs; empty when the selection is empty.</returns>
    /// <exception cref="ArgumentException">The ranks differ, a slice lies outside its dimension, or the chunk holds more than <see cref="int.MaxValue"/> items.</exception>
    public static ItemRange[] ToItemRanges(ReadOnlySpan<int> chunkShape, ReadOnlySpan<DimensionSlice> selection)
    {
        if (chunkShape.Length != selection.Length || chunkShape.Length == 0)
        {
            throw new ArgumentException(
                $"The selection has {selection.Length} dimensions and the chunk {chunkShape.Length}; they must match and be at least 1.",
                nameof(selection));
        }

        int rank = chunkShape.Length;
        long itemCount = 1;
        long selected = 1;
        for (int d = 0; d < rank; d++)
        {
            if (chunkShape[d] < 0)
            {
                throw new ArgumentException($"Chunk dimension {d} has a negative extent ({chunkShape[d]}).", nameof(chunkShape));
            }

            DimensionSlice slice = selection[d];
            if (slice.Start < 0 || slice.Stop < slice.Start || slice.Stop > chunkShape[d])
            {
                throw new ArgumentException(
                    $"Slice {slice.Start}:{slice.Stop} of dimension {d} lies outside 0:{chunkShape[d]}.", nameof(selection));
            }

            itemCount *= chunkShape[d];
            selected *= slice.Length;
            if (itemCount > int.MaxValue)
            {
                throw new ArgumentException($"The chunk holds more than {int.MaxValue} items.", nameof(chunkShape));
            }
        }

        if (selected == 0)
        {
            return [];
        }

        // The innermost dimensions that are selected whole, plus the one just outside them, form one run per index
        // of the remaining outer dimensions.
        int runDimension = rank - 1;
        long runLength = selection[rank - 1].Length;
        while (runDimension > 0 && selection[runDimension].Length == chunkShape[runDimension])
        {
            runDimension--;
            runLength *= selection[runDimension].Length;
        }

        var strides = new long[rank];
        strides[rank - 1] = 1;
        for (int d = rank - 2; d >= 0; d--)
        {
            strides[d] = strides[d + 1] * chunkShape[d + 1];
        }

        long runCount = selected / runLength;
        var runs = new ItemRange[runCount];
        var index = new int[runDimension + 1];
        for (int d = 0; d <= runDimension; d++)
        {
            index[d] = selection[d].Start;
        }

        long innerOffset = 0;
        for (int d = runDimension + 1; d < rank; d++)
        {
            innerOffset += selection[d].Start * strides[d]; // 0: these dimensions are selected whole
        }

        for (long r = 0; r < runCount; r++)
        {
            long start = innerOffset;
            for (int d = 0; d <= runDimension; d++)
            {
                start += index[d] * strides[d];
            }

            runs[r] = new ItemRange((int)start, (int)runLength);

            // Next index of the outer dimensions (the run dimension itself advances as part of the run).
            for (int d = runDimension - 1; d >= 0; d--)
            {
                if (++index[d] < selection[d].Stop)
                {
                    break;
                }

                index[d] = selection[d].Start;
            }
        }

        return runs;
    }
}
