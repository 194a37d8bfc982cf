using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.Native;

namespace NumCodecs;

/// <summary>numcodecs' byte shuffle filter: byte <c>j</c> of every element goes to the <c>j</c>-th stream.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>shuffle</c>. Name (Zarr v3): <c>numcodecs.shuffle</c>.</para>
/// <para>Config: <c>{"id": "shuffle", "elementsize": 4}</c>.</para>
/// <para>
/// Compatibility: numcodecs' <c>Shuffle</c>: the data must be a whole number of elements; an element size of 0 or 1
/// copies the data unchanged.
/// </para>
/// <para>
/// The transpose runs in c-blosc's shuffle kernels (SSE2 or AVX2, chosen by cpuid; a portable loop elsewhere), the
/// same byte layout as numcodecs' own loop; source and destination must not overlap.
/// </para>
/// </remarks>
public sealed class ShuffleCodec : Codec
{
    /// <summary>The codec id, <c>shuffle</c>.</summary>
    public const string Id = "shuffle";

    /// <summary>Creates a shuffle filter.</summary>
    /// <param name="elementsize">Bytes per element; 0 or 1 leaves the data as it is.</param>
    /// <exception cref="CodecConfigException">The element size is negative.</exception>
    public ShuffleCodec(int elementsize = 4)
    {
        if (elementsize < 0)
        {
            throw new CodecConfigException("elementsize", $"shuffle elementsize must not be negative, not {elementsize}.");
        }

        ElementSize = elementsize;
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Bytes per element (<c>elementsize</c>).</summary>
    public int ElementSize { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>shuffle</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static ShuffleCodec FromConfig(JsonObject config) =>
        new(new CodecConfigReader(config, Id, "elementsize").GetInt32("elementsize", 4));

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id, ["elementsize"] = ElementSize };

    /// <inheritdoc/>
    public override string ToString() => $"Shuffle(elementsize={ElementSize})";

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        return sourceLength;
    }

    /// <inheritdoc/>
    public override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        length = source.Length;
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        if (ElementSize > 1 && source.Length % ElementSize != 0)
        {
            throw new ArgumentException(
                $"Shuffle needs a whole number of {ElementSize}-byte elements, but got {source.Length} bytes.", nameof(source));
        }

        return Transpose(source, destination, ElementSize, shuffle: true, out bytesWritten);
    }

    /// <inheritdoc/>
    protected override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        if (ElementSize > 1 && source.Length % ElementSize != 0)
        {
            throw new CorruptDataException(
                $"Shuffled data is a whole number of {ElementSize}-byte elements, but got {source.Length} bytes.");
        }

        return Transpose(source, destination, ElementSize, shuffle: false, out bytesWritten);
    }

    /// <summary>
    /// Shuffles (or unshuffles) <paramref name="source"/> into <paramref name="destination"/> as elements of
    /// <paramref name="elementSize"/> bytes; a size of 0 or 1 copies.
    /// </summary>
    private static unsafe bool Transpose(ReadOnlySpan<byte> source, Span<byte> destination, int elementSize, bool shuffle, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < source.Length)
        {
            return false;
        }

        if (elementSize <= 1 || source.Length == 0)
        {
            source.CopyTo(destination);
        }
        else if (source.Overlaps(destination))
        {
            throw new ArgumentException("Shuffling needs a destination that does not overlap the source.", nameof(destination));
        }
        else
        {
            fixed (byte* input = source)
            fixed (byte* output = destination)
            {
                if (shuffle)
                {
                    Interop.Blosc.numcodecs_shuffle((nuint)elementSize, (nuint)source.Length, input, output);
                }
                else
                {
                    Interop.Blosc.numcodecs_unshuffle((nuint)elementSize, (nuint)source.Length, input, output);
                }
            }
        }

        bytesWritten = source.Length;
        return true;
    }

    /// <summary>
    /// The byte transpose written out in C#: byte <c>j</c> of element <c>i</c> goes to <c>j * count + i</c>
    /// (unshuffling is the same with <paramref name="rowLength"/> the element count). Not used by the codec, which calls
    /// c-blosc's SIMD kernels; it is the plain statement of the format that tests check the kernels against and the
    /// benchmark's baseline.
    /// </summary>
    internal static void ScalarTranspose(ReadOnlySpan<byte> source, Span<byte> destination, int rowLength)
    {
        int rows = source.Length / rowLength;
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<byte> element = source.Slice(row * rowLength, rowLength);
            for (int column = 0; column < rowLength; column++)
            {
                destination[(column * rows) + row] = element[column];
            }
        }
    }
}
