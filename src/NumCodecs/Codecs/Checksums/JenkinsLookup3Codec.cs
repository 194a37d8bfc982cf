using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>Bob Jenkins' lookup3 hash (<c>hashlittle</c>, as HDF5 uses it) as a 32-bit checksum, appended.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>jenkins_lookup3</c>. Name (Zarr v3): <c>numcodecs.jenkins_lookup3</c>.</para>
/// <para>Config: <c>{"id": "jenkins_lookup3", "initval": 0, "prefix": null}</c>; <c>prefix</c>, when set, is a list of
/// byte values hashed before the data but not stored (HDF5 hashes a structure's signature this way).</para>
/// <para>Compatibility: numcodecs 0.14+'s <c>JenkinsLookup3</c>.</para>
/// </remarks>
public sealed class JenkinsLookup3Codec : ChecksumCodec
{
    /// <summary>The codec id, <c>jenkins_lookup3</c>.</summary>
    public const string Id = "jenkins_lookup3";

    private const uint Golden = 0xdeadbeef; // lookup3's starting constant
    private const int BlockLength = 12; // bytes lookup3 mixes at a time

    private readonly byte[] _prefix;

    /// <summary>Creates a lookup3 codec.</summary>
    /// <param name="initval">The hash's seed.</param>
    /// <param name="prefix">Bytes hashed before the data (not stored); null for none.</param>
    public JenkinsLookup3Codec(uint initval = 0, byte[]? prefix = null)
        : base(ChecksumLocation.End)
    {
        InitialValue = initval;
        _prefix = prefix is null ? [] : (byte[])prefix.Clone();
        HasPrefix = prefix is not null;
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>The hash's seed (<c>initval</c>).</summary>
    public uint InitialValue { get; }

    /// <summary>Whether a prefix is set.</summary>
    public bool HasPrefix { get; }

    /// <summary>The bytes hashed before the data (<c>prefix</c>); empty when none.</summary>
    public ReadOnlySpan<byte> Prefix => _prefix;

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>jenkins_lookup3</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static JenkinsLookup3Codec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "initval", "prefix");
        long initval = reader.GetInt64("initval", 0);
        if (initval is < 0 or > uint.MaxValue)
        {
            throw new CodecConfigException("initval", $"\"initval\" must be an unsigned 32-bit integer, not {initval}.");
        }

        byte[]? prefix = null;
        if (config["prefix"] is JsonArray array)
        {
            prefix = array.Select(item => item is JsonValue value && value.TryGetValue(out int b) && b is >= 0 and <= 255
                ? (byte)b
                : throw new CodecConfigException("prefix", $"\"prefix\" is a list of byte values 0-255, not {array.ToJsonString()}.")).ToArray();
        }
        else if (config["prefix"] is not null)
        {
            throw new CodecConfigException("prefix", $"\"prefix\" is null or a list of byte values, not {config["prefix"]!.ToJsonString()}.");
        }

        return new JenkinsLookup3Codec((uint)initval, prefix);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new()
    {
        ["id"] = Id,
        ["initval"] = InitialValue,
        ["prefix"] = HasPrefix ? new JsonArray(_prefix.Select(b => (JsonNode)(int)b).ToArray()) : null,
    };

    /// <inheritdoc/>
    public override string ToString() =>
        $"JenkinsLookup3(initval={InitialValue}, prefix={(HasPrefix ? $"[{string.Join(", ", _prefix)}]" : "None")})";

    /// <inheritdoc/>
    public override uint ComputeChecksum(ReadOnlySpan<byte> data)
    {
        if (_prefix.Length == 0)
        {
            return HashLittle(data, InitialValue);
        }

        // lookup3 is not incremental across its 12-byte blocks, so the prefix and data are hashed as one buffer.
        byte[] joined = ArrayPool<byte>.Shared.Rent(_prefix.Length + data.Length);
        try
        {
            _prefix.CopyTo(joined, 0);
            data.CopyTo(joined.AsSpan(_prefix.Length));
            return HashLittle(joined.AsSpan(0, _prefix.Length + data.Length), InitialValue);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    /// <summary>lookup3's <c>hashlittle</c>: bytes read as little-endian 32-bit words, 12 at a time.</summary>
    internal static uint HashLittle(ReadOnlySpan<byte> key, uint initval)
    {
        uint a, b, c;
        a = b = c = Golden + (uint)key.Length + initval;
        while (key.Length > BlockLength)
        {
            a += BinaryPrimitives.ReadUInt32LittleEndian(key);
            b += BinaryPrimitives.ReadUInt32LittleEndian(key[4..]);
            c += BinaryPrimitives.ReadUInt32LittleEndian(key[8..]);
            Mix(ref a, ref b, ref c);
            key = key[BlockLength..];
        }

        if (key.Length == 0)
        {
            return c; // lookup3 returns without the final mix when nothing is left
        }

        // The last 1-12 bytes, zero-padded, as three little-endian words.
        Span<byte> tail = stackalloc byte[BlockLength];
        tail.Clear();
        key.CopyTo(tail);
        a += BinaryPrimitives.ReadUInt32LittleEndian(tail);
        b += BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
        c += BinaryPrimitives.ReadUInt32LittleEndian(tail[8..]);
        Final(ref a, ref b, ref c);
        return c;
    }

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= BitOperations.RotateLeft(c, 4); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 6); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 8); b += a;
        a -= c; a ^= BitOperations.RotateLeft(c, 16); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 19); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
    }
}
