
namespace NumCodecs.Tests.ZarrV3;

/// <summary>Naive element-by-element slicing of C-order arrays: the expected values partial decoders are compared with.</summary>
internal static class Slices
{
    public static byte[] Slice(byte[] array, int[] shape, int itemSize, DimensionSlice[] selection)
    {
        int rank = shape.Length;
        long count = selection.Aggregate(1L, (n, s) => n * s.Length);
        var result = new byte[count * itemSize];
        if (count == 0)
        {
            return result;
        }

        var index = selection.Select(s => s.Start).ToArray();
        for (long k = 0; k < count; k++)
        {
            long flat = 0;
            for (int d = 0; d < rank; d++)
            {
                flat = (flat * shape[d]) + index[d];
            }

            Array.Copy(array, flat * itemSize, result, k * itemSize, itemSize);
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < selection[d].Stop)
                {
                    break;
                }

                index[d] = selection[d].Start;
            }
        }

        return result;
    }

    public static DimensionSlice[] Random(Random random, int[] shape) =>
        shape.Select(extent =>
        {
            int start = random.Next(extent);
            int kind = random.Next(4);
            int stop = kind switch
            {
                0 => start + 1,                           // one index
                1 => extent,                              // to the end
                2 => random.Next(start, extent + 1),      // anything, possibly empty
                _ => Math.Min(extent, start + random.Next(1, 4)),
            };
            return kind == 1 && random.Next(2) == 0 ? new DimensionSlice(0, extent) : new DimensionSlice(start, stop);
        }).ToArray();

    public static DimensionSlice[] All(int[] shape) => shape.Select(extent => new DimensionSlice(0, extent)).ToArray();
}
