namespace NumCodecs.Fuzz.Targets;

/// <summary>
/// Decoding with one family of byte codecs. Input: a byte choosing the codec from <see cref="Entries"/>, a byte
/// choosing destination lengths (its bit 6 also asks for a round trip of the data through the encoder), then the data.
/// </summary>
internal class CodecFamilyTarget : FuzzTarget
{
    private const byte RoundTripBit = 0x40;

    private readonly string[] _fixtureIds;
    private readonly bool _alwaysRoundTrip;

    /// <summary>Hand-made data for entry 0 (format corner cases no encoder writes).</summary>
    public IReadOnlyList<(string Name, byte[] Data)> CraftedSeeds { get; init; } = [];

    public CodecFamilyTarget(IReadOnlyList<CodecEntry> entries, params string[] fixtureIds)
        : this(entries, alwaysRoundTrip: false, fixtureIds)
    {
    }

    /// <param name="alwaysRoundTrip">Round-trip every input (for codecs whose encoders are cheap), whatever the plan byte says.</param>
    public CodecFamilyTarget(IReadOnlyList<CodecEntry> entries, bool alwaysRoundTrip, params string[] fixtureIds)
    {
        _alwaysRoundTrip = alwaysRoundTrip;
        Entries = entries;
        _fixtureIds = fixtureIds;
    }

    public IReadOnlyList<CodecEntry> Entries { get; }

    public override void Run(byte[] input)
    {
        var reader = new InputReader(input);
        CodecEntry entry = Entries[reader.Choose(Entries.Count)];
        byte plan = reader.Byte();
        byte[] data = reader.Rest();
        DecodeCheck.Run(entry.Codec, data, plan);
        if (_alwaysRoundTrip || (plan & RoundTripBit) != 0)
        {
            RoundTrip.Check(entry, data);
        }
    }

    public override IEnumerable<Seed> Seeds(SeedContext context)
    {
        IReadOnlyList<(string Name, byte[] Data)> patterns = SeedContext.Patterns;
        // A few encodings per codec, fewer for long tables, so that the dry run stays short.
        int perEntry = Entries.Count <= 16 ? 3 : 1;
        for (int i = 0; i < Entries.Count; i++)
        {
            CodecEntry entry = Entries[i];
            for (int k = 0; k < perEntry; k++)
            {
                (string patternName, byte[] data) = patterns[((i * perEntry) + k) % patterns.Count];
                byte[]? encoded = SeedContext.TryEncode(entry, data);
                if (encoded is not null)
                {
                    yield return new Seed($"own-{i:D2}-{patternName}", Frame(i, (byte)(k == 0 ? RoundTripBit : 0), encoded));
                }
            }
        }

        foreach ((string name, byte[] data) in CraftedSeeds)
        {
            yield return new Seed($"crafted-{name}", Frame(0, 0, data));
        }

        foreach (SeedContext.Fixture fixture in context.Fixtures(_fixtureIds))
        {
            yield return new Seed(fixture.Name, Frame(SeedContext.Match(Entries, fixture.Codec), 0, fixture.Encoded));
        }
    }

    private static byte[] Frame(int entry, byte plan, byte[] data) => [(byte)entry, plan, .. data];
}
