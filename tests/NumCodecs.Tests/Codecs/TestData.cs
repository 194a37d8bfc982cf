using System.Runtime.InteropServices;

namespace NumCodecs.Tests.Codecs;

/// <summary>Deterministic sample data: the shapes chunked arrays have.</summary>
internal static class TestData
{
    public static byte[] SmoothFloats(int count, int seed = 1)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (MathF.Sin(i * 0.01f) * 100) + ((float)random.NextDouble() * 0.01f);
        }

        return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    public static byte[] Counters(int count)
    {
        var values = new long[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = 1_000_000 + (3L * i);
        }

        return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    public static byte[] RandomBytes(int length, int seed = 2)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>A spread of inputs: empty, tiny, odd lengths, compressible, incompressible, several Blosc blocks.</summary>
    public static IReadOnlyList<byte[]> Samples { get; } =
    [
        [],
        [42],
        RandomBytes(7),
        SmoothFloats(1000),
        Counters(4096),
        RandomBytes(10_001),
        new byte[65_536],
        SmoothFloats(300_001, seed: 3),
    ];
}
