using System.Runtime.InteropServices;

namespace NumCodecs.Samples;

/// <summary>
/// The synthetic data sets the benchmarks, the comparison harness and <c>numcodecs bench</c> compress; deterministic.
/// Compiled into each of those projects (linked source), not part of the library.
/// </summary>
internal static class SyntheticData
{
    /// <summary>Every data set, by name.</summary>
    public static IReadOnlyList<string> Names { get; } = ["smooth-f4", "counters-i8", "image-u1", "random", "zeros"];

    /// <summary>Makes <paramref name="bytes"/> bytes of the named data set and tells its item size.</summary>
    public static (byte[] Data, int ItemSize) Make(string name, int bytes)
    {
        var random = new Random(20261125);
        switch (name)
        {
            case "smooth-f4":
            {
                // A smooth signal with measurement noise, as float32.
                var values = new float[bytes / 4];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (MathF.Sin(i * 0.001f) * 100) + (float)(random.NextDouble() * 0.01);
                }

                return (MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), 4);
            }

            case "counters-i8":
            {
                var values = new long[bytes / 8];
                long counter = 1_700_000_000_000;
                for (int i = 0; i < values.Length; i++)
                {
                    counter += random.Next(1, 5);
                    values[i] = counter;
                }

                return (MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), 8);
            }

            case "image-u1":
            {
                // Gradients with texture, like a greyscale image 1,024 pixels wide.
                byte[] pixels = new byte[bytes];
                const int width = 1024;
                for (int i = 0; i < pixels.Length; i++)
                {
                    int x = i % width, y = i / width;
                    pixels[i] = (byte)(((x + y) / 4) + random.Next(0, 6));
                }

                return (pixels, 1);
            }

            case "random":
            {
                byte[] noise = new byte[bytes];
                random.NextBytes(noise);
                return (noise, 1);
            }

            case "zeros":
                return (new byte[bytes], 1);

            default:
                throw new ArgumentException($"Unknown data set '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));
        }
    }

    /// <summary>"64 KiB" style label for a size in bytes.</summary>
    public static string SizeLabel(int bytes) => bytes >= 1 << 20 ? $"{bytes >> 20} MiB" : $"{bytes >> 10} KiB";
}
