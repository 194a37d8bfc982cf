using NumCodecs.Blosc;

namespace NumCodecs.Pipeline;

/// <summary>Checks selections of a chunk and copies them out of whole chunks.</summary>
internal static class Selections
{
    /// <summary>The selection's byte count, after checking it against the chunk and the destination.</summary>
    /// <exception cref="ArgumentException">The ranks differ, a slice lies outside, or the destination is too small.</exception>
    public static int ByteCount(ChunkSpec spec, ReadOnlySpan<DimensionSlice> selection, int destinationLength)
    {
        if (selection.Length != spec.Rank)
        {
            throw new ArgumentException($"The selection has {selection.Length} dimensions; the chunk has {spec.Rank}.", nameof(selection));
        }

        long count = 1;
        for (int d = 0; d < selection.Length; d++)
        {
            DimensionSlice slice = selection[d];
            if (slice.Start < 0 || slice.Stop < slice.Start || slice.Stop > spec.Shape[d])
            {
                throw new ArgumentException($"Slice {slice.Start}:{slice.Stop} of dimension {d} lies outside 0:{spec.Shape[d]}.", nameof(selection));
            }

            count *= slice.Length;
        }

        long bytes = count * spec.DataType.ItemSize;
        if (bytes > destinationLength)
        {
#pragma warning disable CA2208 // the caller's parameter is the destination, whose length this method is given
            throw new ArgumentException(
                $"The destination ({destinationLength} bytes) is too small for the selection's {count} elements ({bytes} bytes).", "destination");
#pragma warning restore CA2208
        }

        return (int)bytes;
    }

    /// <summary>The shape of a selection.</summary>
    public static int[] Shape(ReadOnlySpan<DimensionSlice> selection)
    {
        var shape = new int[selection.Length];
        for (int d = 0; d < shape.Length; d++)
        {
            shape[d] = selection[d].Length;
        }

        return shape;
    }

    /// <summary>The whole chunk as a selection.</summary>
    public static DimensionSlice[] All(ChunkSpec spec)
    {
        var all = new DimensionSlice[spec.Rank];
        for (int d = 0; d < all.Length; d++)
        {
            all[d] = new DimensionSlice(0, spec.Shape[d]);
        }

        return all;
    }

    /// <summary>Whether the selection covers the whole chunk.</summary>
    public static bool IsAll(ChunkSpec spec, ReadOnlySpan<DimensionSlice> selection)
    {
        for (int d = 0; d < selection.Length; d++)
        {
            if (selection[d].Start != 0 || selection[d].Stop != spec.Shape[d])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Copies the (checked) selection of a whole decoded chunk into <paramref name="destination"/>, in the selection's C order.</summary>
    public static void Extract(ChunkSpec spec, ReadOnlySpan<byte> chunk, ReadOnlySpan<DimensionSlice> selection, Span<byte> destination)
    {
        if (spec.Rank == 0 || IsAll(spec, selection))
        {
            chunk[..spec.ByteLength].CopyTo(destination);
            return;
        }

        int itemSize = spec.DataType.ItemSize;
        int at = 0;
        foreach (ItemRange run in ChunkSelection.ToItemRanges(spec.ShapeSpan, selection))
        {
            int length = run.Count * itemSize;
            chunk.Slice(run.Start * itemSize, length).CopyTo(destination[at..]);
            at += length;
        }
    }

    /// <summary>Copies a selection's elements (in the selection's C order) into their place in a whole chunk.</summary>
    public static void Scatter(ChunkSpec spec, ReadOnlySpan<byte> elements, ReadOnlySpan<DimensionSlice> selection, Span<byte> chunk)
    {
        int itemSize = spec.DataType.ItemSize;
        int at = 0;
        foreach (ItemRange run in ChunkSelection.ToItemRanges(spec.ShapeSpan, selection))
        {
            int length = run.Count * itemSize;
            elements.Slice(at, length).CopyTo(chunk[(run.Start * itemSize)..]);
            at += length;
        }
    }
}
