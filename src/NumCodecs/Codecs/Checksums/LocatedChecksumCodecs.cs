using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.Native;

namespace NumCodecs;

/// <summary>
/// A checksum codec with numcodecs' optional <c>location</c>: written to the config only when it was given, as
/// numcodecs' <c>get_config()</c> does.
/// </summary>
public abstract class LocatedChecksumCodec : ChecksumCodec
{
    private readonly ChecksumLocation? _explicitLocation;

    private protected LocatedChecksumCodec(ChecksumLocation? location, ChecksumLocation defaultLocation)
        : base(location ?? defaultLocation) => _explicitLocation = location;

    /// <summary>numcodecs' class name, for <see cref="ToString"/>.</summary>
    private protected abstract string ReprName { get; }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = new JsonObject { ["id"] = CodecId };
        if (_explicitLocation is ChecksumLocation location)
        {
            config["location"] = Spell(location);
        }

        return config;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        _explicitLocation is ChecksumLocation location ? $"{ReprName}(location='{Spell(location)}')" : $"{ReprName}()";
}

/// <summary>CRC-32 (the zlib/gzip polynomial) through System.IO.Hashing.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>crc32</c>. Name (Zarr v3): <c>numcodecs.crc32</c>.</para>
/// <para>Config: <c>{"id": "crc32"}</c>, optionally <c>"location": "start" | "end"</c> (default start).</para>
/// <para>Compatibility: numcodecs' <c>CRC32</c> (<c>zlib.crc32</c>); numcodecs before 0.13 has no location and puts the checksum first.</para>
/// </remarks>
public sealed class Crc32Codec : LocatedChecksumCodec
{
    /// <summary>The codec id, <c>crc32</c>.</summary>
    public const string Id = "crc32";

    /// <summary>Creates a CRC-32 codec.</summary>
    /// <param name="location">Where the checksum goes; null for numcodecs' default (start), left out of the config.</param>
    public Crc32Codec(ChecksumLocation? location = null)
        : base(location, ChecksumLocation.Start)
    {
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    private protected override string ReprName => "CRC32";

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>crc32</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static Crc32Codec FromConfig(JsonObject config) => new(ReadLocation(new CodecConfigReader(config, Id, "location")));

    /// <inheritdoc/>
    public override uint ComputeChecksum(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);
}

/// <summary>Adler-32 through the zlib compiled into the native library.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>adler32</c>. Name (Zarr v3): <c>numcodecs.adler32</c>.</para>
/// <para>Config: <c>{"id": "adler32"}</c>, optionally <c>"location": "start" | "end"</c> (default start).</para>
/// <para>Compatibility: numcodecs' <c>Adler32</c> (<c>zlib.adler32</c>, starting value 1).</para>
/// </remarks>
public sealed class Adler32Codec : LocatedChecksumCodec
{
    /// <summary>The codec id, <c>adler32</c>.</summary>
    public const string Id = "adler32";

    private const uint InitialValue = 1; // Adler-32's starting value (zlib's adler32(0L, NULL, 0))

    /// <summary>Creates an Adler-32 codec.</summary>
    /// <param name="location">Where the checksum goes; null for numcodecs' default (start), left out of the config.</param>
    public Adler32Codec(ChecksumLocation? location = null)
        : base(location, ChecksumLocation.Start)
    {
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    private protected override string ReprName => "Adler32";

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">An <c>adler32</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static Adler32Codec FromConfig(JsonObject config) => new(ReadLocation(new CodecConfigReader(config, Id, "location")));

    /// <inheritdoc/>
    // libdeflate's adler32 (vectorised: SSE2/AVX2 on x86, NEON on arm) gives the same value as zlib's, several times
    // faster; it takes any length in one call.
    public override unsafe uint ComputeChecksum(ReadOnlySpan<byte> data)
    {
        byte empty = 0;
        fixed (byte* start = data)
        {
            return Interop.Libdeflate.libdeflate_adler32(InitialValue, start is null ? &empty : start, (nuint)data.Length);
        }
    }
}

/// <summary>CRC-32C (Castagnoli), with the processor's CRC32C instructions where it has them.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>crc32c</c>. Name (Zarr v3): <c>crc32c</c>.</para>
/// <para>Config: <c>{"id": "crc32c"}</c>, optionally <c>"location": "start" | "end"</c> (default end).</para>
/// <para>Compatibility: numcodecs 0.13+'s <c>CRC32C</c> and the Zarr v3 <c>crc32c</c> codec (checksum appended).</para>
/// </remarks>
public sealed class Crc32CCodec : LocatedChecksumCodec
{
    /// <summary>The codec id, <c>crc32c</c>.</summary>
    public const string Id = "crc32c";

    /// <summary>Creates a CRC-32C codec.</summary>
    /// <param name="location">Where the checksum goes; null for numcodecs' default (end), left out of the config.</param>
    public Crc32CCodec(ChecksumLocation? location = null)
        : base(location, ChecksumLocation.End)
    {
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    private protected override string ReprName => "CRC32C";

    /// <summary><c>crc32c</c> when the checksum comes last (the v3 codec), <c>numcodecs.crc32c</c> otherwise.</summary>
    public override string Name => Location == ChecksumLocation.End ? Id : base.Name;

    /// <summary>Builds the Zarr v3 <c>crc32c</c> codec, which takes no configuration: the checksum appended.</summary>
    /// <param name="configuration">The configuration: null or empty.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The configuration has keys.</exception>
    public static Crc32CCodec FromV3Config(JsonObject? configuration)
    {
        CodecConfigReader.ForV3(configuration, Id);
        return new Crc32CCodec();
    }

    /// <inheritdoc/>
    public override JsonObject GetV3Config() => Location == ChecksumLocation.End ? new() { ["name"] = Id } : base.GetV3Config();

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>crc32c</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static Crc32CCodec FromConfig(JsonObject config) => new(ReadLocation(new CodecConfigReader(config, Id, "location")));

    /// <inheritdoc/>
    public override uint ComputeChecksum(ReadOnlySpan<byte> data)
    {
        // BitOperations.Crc32C uses SSE4.2 or ARMv8 CRC instructions when present and a table otherwise.
        uint crc = uint.MaxValue;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong word in words)
        {
            crc = BitOperations.Crc32C(crc, BitConverter.IsLittleEndian ? word : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(word));
        }

        foreach (byte b in data[(words.Length * sizeof(ulong))..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
