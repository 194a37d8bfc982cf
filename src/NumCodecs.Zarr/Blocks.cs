using NumCodecs.Pipeline;

namespace NumCodecs.Zarr;

/// <summary>Copies hyper-rectangles between C-order arrays of different shapes, a row of the last dimension at a time.</summary>
internal static class Blocks
{
    public static int[] ShapeArray(this ChunkSpec spec) => [.. spec.Shape];

    /// <summary>
    /// Copies the rectangle <paramref name="from"/> of <paramref name="source"/> (shape <paramref name="sourceShape"/>)
    /// onto the rectangle <paramref name="to"/> of <paramref name="destination"/> (shape <paramref name="destinationShape"/>);
    /// the two rectangles have the same extents.
    /// </summary>
    public static void Copy(
        int[] sourceShape, ReadOnlySpan<byte> source, DimensionSlice[] from,
        int[] destinationShape, Span<byte> destination, DimensionSlice[] to, int itemSize)
    {
        if (from.Length == 0)
        {
            source[..itemSize].CopyTo(destination);
            return;
        }

        foreach ((long s, long t, int length) in Rows(sourceShape, from, destinationShape, to))
        {
            source.Slice((int)(s * itemSize), length * itemSize).CopyTo(destination[(int)(t * itemSize)..]);
        }
    }

    // Whether the rectangle from is all of a source of shape sourceShape and its image to in a destination of shape
    // destinationShape is one run of items in C order (every dimension after some one is whole, every one before it a
    // single index); start is the item offset in the destination where that run starts.
    public static bool TryGetContiguousStart(int[] sourceShape, DimensionSlice[] from, int[] destinationShape, DimensionSlice[] to, out long start)
    {
        start = 0;
        int rank = from.Length;
        for (int d = 0; d < rank; d++)
        {
            if (from[d].Start != 0 || from[d].Length != sourceShape[d])
            {
                return false;
            }
        }

        int partial = rank - 1; // the one dimension that may be a part of the destination's
        while (partial > 0 && to[partial].Length == destinationShape[partial])
        {
            partial--;
        }

        for (int d = 0; d < partial; d++)
        {
            if (to[d].Length != 1)
            {
                return false;
            }
        }

        long[] strides = Strides(destinationShape);
        for (int d = 0; d < rank; d++)
        {
            start += to[d].Start * strides[d];
        }

        return true;
    }

    /// <summary>Copies a rectangle of items between item arrays of different shapes (object arrays), as <see cref="Copy"/> does bytes.</summary>
    public static void CopyItems(int[] sourceShape, object?[] source, DimensionSlice[] from, int[] destinationShape, object?[] destination, DimensionSlice[] to)
    {
        if (from.Length == 0)
        {
            destination[0] = source[0];
            return;
        }

        foreach ((long s, long t, int length) in Rows(sourceShape, from, destinationShape, to))
        {
            Array.Copy(source, s, destination, t, length);
        }
    }

    /// <summary>Fills the rectangle <paramref name="to"/> of <paramref name="destination"/> with the fill value of <paramref name="spec"/>, row by row.</summary>
    public static void Fill(ChunkSpec spec, int[] destinationShape, Span<byte> destination, DimensionSlice[] to)
    {
        int itemSize = spec.DataType.ItemSize;
        if (to.Length == 0)
        {
            spec.Fill(destination[..itemSize]);
            return;
        }

        foreach ((_, long t, int length) in Rows(destinationShape, to, destinationShape, to))
        {
            spec.Fill(destination.Slice((int)(t * itemSize), length * itemSize));
        }
    }

    /// <summary>The rows of the last dimension a rectangle copy moves: source and destination element offsets, and length.</summary>
    private static IEnumerable<(long Source, long Destination, int Length)> Rows(int[] sourceShape, DimensionSlice[] from, int[] destinationShape, DimensionSlice[] to)
    {
        int rank = from.Length;
        if (from.Any(slice => slice.Length == 0))
        {
            yield break;
        }

        long[] sourceStrides = Strides(sourceShape);
        long[] destinationStrides = Strides(destinationShape);
        var index = new int[rank - 1];
        while (true)
        {
            long s = from[rank - 1].Start;
            long t = to[rank - 1].Start;
            for (int d = 0; d < rank - 1; d++)
            {
                s += (from[d].Start + index[d]) * sourceStrides[d];
                t += (to[d].Start + index[d]) * destinationStrides[d];
            }

            yield return (s, t, from[rank - 1].Length);
            int dim = rank - 2;
            while (dim >= 0 && ++index[dim] == from[dim].Length)
            {
                index[dim] = 0;
                dim--;
            }

            if (dim < 0)
            {
                yield break;
            }
        }
    }

    private static long[] Strides(int[] shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }

        return strides;
    }
}
