using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>Fletcher-32 as HDF5 and netCDF-4 compute it (16-bit big-endian words), checksum appended.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>fletcher32</c>. Name (Zarr v3): <c>numcodecs.fletcher32</c>.</para>
/// <para>Config: <c>{"id": "fletcher32"}</c>.</para>
/// <para>
/// Compatibility: numcodecs 0.12+'s <c>Fletcher32</c>, which ports HDF5's <c>H5_checksum_fletcher32</c>; this is not the
/// textbook Fletcher-32 (the words are read big-endian and the sums are folded every 360 words).
/// </para>
/// </remarks>
public sealed class Fletcher32Codec : ChecksumCodec
{
    /// <summary>The codec id, <c>fletcher32</c>.</summary>
    public const string Id = "fletcher32";

    private const int WordsPerFold = 360; // the most 16-bit words summed before folding, so the sums stay in 32 bits

    /// <summary>Creates a Fletcher-32 codec.</summary>
    public Fletcher32Codec()
        : base(ChecksumLocation.End)
    {
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>fletcher32</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid.</exception>
    public static Fletcher32Codec FromConfig(JsonObject config)
    {
        _ = new CodecConfigReader(config, Id);
        return new Fletcher32Codec();
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id };

    /// <inheritdoc/>
    public override string ToString() => "Fletcher32()";

    /// <inheritdoc/>
    public override uint ComputeChecksum(ReadOnlySpan<byte> data)
    {
        uint sum1 = 0, sum2 = 0;
        int words = data.Length / 2;
        int position = 0;
        while (words > 0)
        {
            int run = Math.Min(words, WordsPerFold);
            words -= run;
            for (int i = 0; i < run; i++, position += 2)
            {
                sum1 += (uint)((data[position] << 8) | data[position + 1]);
                sum2 += sum1;
            }

            sum1 = Fold(sum1);
            sum2 = Fold(sum2);
        }

        if (data.Length % 2 != 0)
        {
            // An odd last byte counts as the high byte of a word.
            sum1 += (uint)data[position] << 8;
            sum2 += sum1;
            sum1 = Fold(sum1);
            sum2 = Fold(sum2);
        }

        return (Fold(sum2) << 16) | Fold(sum1);
    }

    private static uint Fold(uint sum) => (sum & 0xffff) + (sum >> 16);
}
