using NumCodecs.Internal;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NumCodecs;

/// <summary>
/// One filter of an LZMA filter chain, as Python's <c>lzma</c> module specifies it: a filter id and the options given
/// (keys as Python names them: <c>preset</c>, <c>dict_size</c>, <c>lc</c>, <c>lp</c>, <c>pb</c>, <c>mode</c>,
/// <c>nice_len</c>, <c>mf</c>, <c>depth</c> for LZMA1/LZMA2; <c>dist</c> for delta; <c>start_offset</c> for the branch
/// converters). Options left out take liblzma's defaults (for LZMA1/LZMA2 those of <c>preset</c>, itself 6 by default).
/// </summary>
public sealed class LzmaFilter : IEquatable<LzmaFilter>
{
    /// <summary>LZMA1 (<c>lzma.FILTER_LZMA1</c>), the .lzma format's compressor.</summary>
    public const ulong Lzma1Id = 0x4000000000000001;

    /// <summary>LZMA2 (<c>lzma.FILTER_LZMA2</c>), the .xz format's compressor.</summary>
    public const ulong Lzma2Id = 0x21;

    /// <summary>Delta (<c>lzma.FILTER_DELTA</c>): byte-wise differences at distance <c>dist</c>.</summary>
    public const ulong DeltaId = 0x03;

    /// <summary>x86 branch converter (<c>lzma.FILTER_X86</c>).</summary>
    public const ulong X86Id = 0x04;

    /// <summary>PowerPC branch converter (<c>lzma.FILTER_POWERPC</c>).</summary>
    public const ulong PowerPCId = 0x05;

    /// <summary>IA-64 branch converter (<c>lzma.FILTER_IA64</c>).</summary>
    public const ulong IA64Id = 0x06;

    /// <summary>ARM branch converter (<c>lzma.FILTER_ARM</c>).</summary>
    public const ulong ArmId = 0x07;

    /// <summary>ARM-Thumb branch converter (<c>lzma.FILTER_ARMTHUMB</c>).</summary>
    public const ulong ArmThumbId = 0x08;

    /// <summary>SPARC branch converter (<c>lzma.FILTER_SPARC</c>).</summary>
    public const ulong SparcId = 0x09;

    /// <summary>ARM64 branch converter (liblzma 5.4; Python's lzma module does not offer it yet).</summary>
    public const ulong Arm64Id = 0x0A;

    private static readonly string[] s_lzmaKeys = ["preset", "dict_size", "lc", "lp", "pb", "mode", "nice_len", "mf", "depth"];
    private static readonly string[] s_deltaKeys = ["dist"];
    private static readonly string[] s_branchKeys = ["start_offset"];

    private readonly KeyValuePair<string, uint>[] _options;

    private LzmaFilter(ulong id, KeyValuePair<string, uint>[] options)
    {
        Id = id;
        _options = options;
        Validate();
    }

    /// <summary>The filter id (<c>lzma.FILTER_*</c>).</summary>
    public ulong Id { get; }

    /// <summary>The options given, in the order given, keyed by Python's names.</summary>
    public IReadOnlyList<KeyValuePair<string, uint>> Options => _options;

    /// <summary>Whether this is LZMA1 or LZMA2, the filters that compress (and must come last in a chain).</summary>
    public bool IsCompressor => Id is Lzma1Id or Lzma2Id;

    /// <summary>An LZMA2 filter.</summary>
    /// <param name="preset">The preset (0-9, optionally with <see cref="LzmaCodec.PresetExtreme"/>) the options start from; 6 when null.</param>
    /// <param name="dictSize">Dictionary size in bytes (4 KiB to 1.5 GiB).</param>
    /// <param name="lc">Literal context bits (0-4; <c>lc + lp</c> at most 4).</param>
    /// <param name="lp">Literal position bits (0-4).</param>
    /// <param name="pb">Position bits (0-4).</param>
    /// <param name="mode">1 (fast) or 2 (normal).</param>
    /// <param name="niceLength">Nice match length (2-273).</param>
    /// <param name="matchFinder">Match finder: 0x03 (hc3), 0x04 (hc4), 0x12 (bt2), 0x13 (bt3) or 0x14 (bt4).</param>
    /// <param name="depth">Match finder search depth (0: automatic).</param>
    /// <returns>The filter.</returns>
    /// <exception cref="CodecConfigException">An option is out of range.</exception>
    public static LzmaFilter Lzma2(
        uint? preset = null, uint? dictSize = null, uint? lc = null, uint? lp = null, uint? pb = null, uint? mode = null,
        uint? niceLength = null, uint? matchFinder = null, uint? depth = null) =>
        new(Lzma2Id, Collect(preset, dictSize, lc, lp, pb, mode, niceLength, matchFinder, depth));

    /// <summary>An LZMA1 filter (for the .lzma and raw formats).</summary>
    /// <param name="preset">The preset (0-9, optionally with <see cref="LzmaCodec.PresetExtreme"/>) the options start from; 6 when null.</param>
    /// <param name="dictSize">Dictionary size in bytes (4 KiB to 1.5 GiB).</param>
    /// <param name="lc">Literal context bits (0-4; <c>lc + lp</c> at most 4).</param>
    /// <param name="lp">Literal position bits (0-4).</param>
    /// <param name="pb">Position bits (0-4).</param>
    /// <param name="mode">1 (fast) or 2 (normal).</param>
    /// <param name="niceLength">Nice match length (2-273).</param>
    /// <param name="matchFinder">Match finder: 0x03 (hc3), 0x04 (hc4), 0x12 (bt2), 0x13 (bt3) or 0x14 (bt4).</param>
    /// <param name="depth">Match finder search depth (0: automatic).</param>
    /// <returns>The filter.</returns>
    /// <exception cref="CodecConfigException">An option is out of range.</exception>
    public static LzmaFilter Lzma1(
        uint? preset = null, uint? dictSize = null, uint? lc = null, uint? lp = null, uint? pb = null, uint? mode = null,
        uint? niceLength = null, uint? matchFinder = null, uint? depth = null) =>
        new(Lzma1Id, Collect(preset, dictSize, lc, lp, pb, mode, niceLength, matchFinder, depth));

    /// <summary>A delta filter.</summary>
    /// <param name="distance">The distance in bytes (1-256); 1 when null.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="CodecConfigException">The distance is out of range.</exception>
    public static LzmaFilter Delta(uint? distance = null) =>
        new(DeltaId, distance is { } d ? [new("dist", d)] : []);

    /// <summary>A branch-converter (BCJ) filter.</summary>
    /// <param name="id">One of <see cref="X86Id"/>, <see cref="PowerPCId"/>, <see cref="IA64Id"/>, <see cref="ArmId"/>,
    /// <see cref="ArmThumbId"/>, <see cref="SparcId"/>, <see cref="Arm64Id"/>.</param>
    /// <param name="startOffset">The start offset of the converted addresses; 0 when null.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="CodecConfigException">The id is not a branch converter.</exception>
    public static LzmaFilter BranchConverter(ulong id, uint? startOffset = null)
    {
        if (!IsBranchConverter(id))
        {
            throw new CodecConfigException("filters", $"LZMA filter id {id} is not a branch converter.");
        }

        return new(id, startOffset is { } offset ? [new("start_offset", offset)] : []);
    }

    /// <summary>Reads a filter from its Python form, a JSON object such as <c>{"id": 33, "preset": 9}</c>.</summary>
    /// <param name="node">The filter specification.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="CodecConfigException">The specification is invalid; the message says how.</exception>
    public static LzmaFilter FromJson(JsonNode? node)
    {
        if (node is not JsonObject spec)
        {
            throw new CodecConfigException("filters", $"An LZMA filter specification must be an object, not {Describe(node)}.");
        }

        if (!TryReadUInt64(spec["id"], out ulong id))
        {
            throw new CodecConfigException("filters", $"An LZMA filter specification needs an integer \"id\", not {Describe(spec["id"])}.");
        }

        string[] allowed = KeysFor(id);
        var options = new List<KeyValuePair<string, uint>>();
        foreach (KeyValuePair<string, JsonNode?> entry in spec)
        {
            if (entry.Key == "id")
            {
                continue;
            }

            if (!allowed.Contains(entry.Key))
            {
                throw new CodecConfigException(
                    "filters",
                    $"\"{entry.Key}\" is not an option of LZMA filter {id}; expected {(allowed.Length == 0 ? "none" : string.Join(", ", allowed))}.");
            }

            if (!TryReadUInt64(entry.Value, out ulong value) || value > uint.MaxValue)
            {
                // Python's lzma module rejects None here too: an option is either given as a number or left out.
                throw new CodecConfigException(
                    "filters",
                    $"LZMA filter option \"{entry.Key}\" must be an integer from 0 to {uint.MaxValue}, not {entry.Value?.ToJsonString() ?? "null"}.");
            }

            options.Add(new(entry.Key, (uint)value));
        }

        return new LzmaFilter(id, [.. options]);
    }

    /// <summary>The filter in Python's form: <c>{"id": ..., option: value, ...}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["id"] = Id };
        foreach (KeyValuePair<string, uint> option in _options)
        {
            json[option.Key] = option.Value;
        }

        return json;
    }

    /// <summary>The value of an option, when it was given.</summary>
    /// <param name="key">The option's Python name, such as <c>dict_size</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether the option was given.</returns>
    public bool TryGetOption(string key, out uint value)
    {
        foreach (KeyValuePair<string, uint> option in _options)
        {
            if (option.Key == key)
            {
                value = option.Value;
                return true;
            }
        }

        value = 0;
        return false;
    }

    /// <inheritdoc/>
    public bool Equals(LzmaFilter? other) =>
        other is not null && Id == other.Id && _options.AsSpan().SequenceEqual(other._options);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LzmaFilter);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, _options.Length);

    /// <inheritdoc/>
    public override string ToString() =>
        "{" + string.Join(", ", new[] { $"'id': {Id}" }.Concat(_options.Select(o => $"'{o.Key}': {o.Value}"))) + "}";

    /// <summary>The options without an enumerator allocation, for the native chain builder.</summary>
    internal ReadOnlySpan<KeyValuePair<string, uint>> OptionSpan => _options;

    internal static bool IsBranchConverter(ulong id) => id is X86Id or PowerPCId or IA64Id or ArmId or ArmThumbId or SparcId or Arm64Id;

    private static string[] KeysFor(ulong id) => id switch
    {
        Lzma1Id or Lzma2Id => s_lzmaKeys,
        DeltaId => s_deltaKeys,
        _ when IsBranchConverter(id) => s_branchKeys,
        _ => throw new CodecConfigException("filters", $"Invalid LZMA filter id: {id}."),
    };

    private static KeyValuePair<string, uint>[] Collect(params ReadOnlySpan<uint?> values)
    {
        var options = new List<KeyValuePair<string, uint>>();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                options.Add(new(s_lzmaKeys[i], value));
            }
        }

        return [.. options];
    }

    private static bool TryReadUInt64(JsonNode? node, out ulong value) => JsonNumbers.TryGetUInt64(node, out value);

    private static string Describe(JsonNode? node) => node is null ? "missing" : node.ToJsonString();

    private void Validate()
    {
        _ = KeysFor(Id); // rejects unknown ids
        if (IsCompressor)
        {
            uint lc = 3, lp = 0;
            foreach ((string key, uint value) in _options)
            {
                (bool ok, string range) = key switch
                {
                    "preset" => ((value & ~LzmaCodec.PresetExtreme) <= 9, "0-9, optionally with the extreme flag 0x80000000"),
                    "dict_size" => (value is >= 4096 and <= (1536u << 20), "4096 to 1.5 GiB"),
                    "lc" or "lp" or "pb" => (value <= 4, "0-4"),
                    "mode" => (value is 1 or 2, "1 (fast) or 2 (normal)"),
                    "nice_len" => (value is >= 2 and <= 273, "2-273"),
                    "mf" => (value is 0x03 or 0x04 or 0x12 or 0x13 or 0x14, "0x03, 0x04, 0x12, 0x13 or 0x14"),
                    _ => (true, string.Empty),
                };
                if (!ok)
                {
                    throw new CodecConfigException("filters", $"LZMA filter option \"{key}\" is {value}; it must be {range}.");
                }

                lc = key == "lc" ? value : lc;
                lp = key == "lp" ? value : lp;
            }

            if (lc + lp > 4)
            {
                throw new CodecConfigException("filters", $"LZMA filter options lc ({lc}) + lp ({lp}) must be at most 4.");
            }
        }
        else if (Id == DeltaId && TryGetOption("dist", out uint distance) && distance is < 1 or > 256)
        {
            throw new CodecConfigException("filters", $"LZMA delta filter \"dist\" is {distance}; it must be 1-256.");
        }
    }
}
