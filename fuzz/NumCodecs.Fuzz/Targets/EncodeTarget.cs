namespace NumCodecs.Fuzz.Targets;

/// <summary>
/// <c>TryEncode</c> of every byte codec into destinations of every small length and of lengths the input picks, each
/// followed by guard bytes inside a larger array: a write past the destination is a finding, so is <c>false</c> for a
/// destination of <c>GetMaxEncodedLength</c> bytes, and every <c>true</c> must decode back to the source.
/// </summary>
/// <remarks>Input: a byte choosing the codec, a byte choosing the item size, two bytes of extra lengths, then the data.</remarks>
internal sealed class EncodeTarget : FuzzTarget
{
    // Destinations of every length up to this are tried (fewer for the slow encoders).
    private const int SweepLength = 48;
    private const int SlowSweepLength = 20;

    private static readonly int[] s_itemSizes = [1, 2, 4, 8, 3, 16];

    private static readonly (CodecEntry Entry, bool Slow)[] s_table = MakeTable();

    public override void Run(byte[] input)
    {
        var reader = new InputReader(input);
        (CodecEntry entry, bool slow) = s_table[reader.Choose(s_table.Length)];
        byte sizeByte = reader.Byte();
        int itemSize = (sizeByte & 0x80) != 0 ? s_itemSizes[sizeByte % s_itemSizes.Length] : entry.ItemSize;
        int extra1 = reader.UInt16();
        int extra2 = reader.Byte();
        byte[] data = reader.Rest();
        Codec codec = entry.Codec;
        string name = $"{codec}.TryEncode(item size {itemSize})";
        if (itemSize != entry.ItemSize && codec is BitRoundCodec)
        {
            // bitround keeps every bit only at the float width its entry names; at another width it rounds.
            entry = entry with { Lossless = false };
        }

        Outcome<int> max = Call.Attempt($"{codec}.GetMaxEncodedLength({data.Length})", () => codec.GetMaxEncodedLength(data.Length), Allow.Argument);
        if (!max.Ok)
        {
            return;
        }

        var destination = new Guarded();
        Outcome<(bool Fits, int Written)> reference = TryEncode(codec, name, data, itemSize, destination.Reset(max.Value));
        byte[]? encoded = null;
        if (reference.Ok)
        {
            Call.Check(reference.Value.Fits, $"{name} returned false for a destination of GetMaxEncodedLength = {max.Value} bytes.");
            encoded = destination.Written(reference.Value.Written).ToArray();
            CheckDecodes(entry, name, data, encoded);
        }

        int n = encoded?.Length ?? 0;
        var lengths = new SortedSet<int>();
        for (int length = 0; length <= Math.Min(n + 2, slow ? SlowSweepLength : SweepLength); length++)
        {
            lengths.Add(length);
        }

        foreach (int length in new[] { n - 1, n, n + 1, extra1 % (max.Value + 2), extra2, max.Value - 1 - extra2 })
        {
            if (length >= 0)
            {
                lengths.Add(length);
            }
        }

        foreach (int length in lengths)
        {
            Outcome<(bool Fits, int Written)> attempt = TryEncode(codec, name, data, itemSize, destination.Reset(length));
            if (!attempt.Ok)
            {
                Call.Check(!reference.Ok, $"{name} into {length} bytes threw {attempt}, but encoded into {max.Value} bytes.");
                continue;
            }

            Call.Check(reference.Ok || !attempt.Value.Fits, $"{name} into {length} bytes succeeded, but threw {reference} into {max.Value} bytes.");
            if (!attempt.Value.Fits)
            {
                Call.Check(length < max.Value, $"{name} returned false for {length} bytes, at least GetMaxEncodedLength ({max.Value}).");
                continue;
            }

            int written = attempt.Value.Written;
            Call.Check(written >= 0 && written <= length, $"{name} into {length} bytes reports {written} bytes written.");
            ReadOnlySpan<byte> output = destination.Written(written);
            if (!output.SequenceEqual(encoded))
            {
                // Some encoders write another (valid) encoding into another destination length (Blosc does).
                CheckDecodes(entry, $"{name} into {length} bytes", data, output.ToArray());
            }
        }
    }

    public override IEnumerable<Seed> Seeds(SeedContext context)
    {
        IReadOnlyList<(string Name, byte[] Data)> patterns = SeedContext.Patterns;
        for (int i = 0; i < s_table.Length; i++)
        {
            // Small data, so that the sweep's lengths cover whole encodings.
            foreach (int p in new[] { i % patterns.Count, (i + 5) % patterns.Count })
            {
                (string patternName, byte[] data) = patterns[p];
                byte[] slice = data.Length > 512 ? data[..(512 - (i % 8))] : data;
                yield return new Seed($"{i:D2}-{patternName}", [(byte)i, (byte)(i * 13), (byte)(i * 7), 0, (byte)i, .. slice]);
            }
        }
    }

    private static Outcome<(bool Fits, int Written)> TryEncode(Codec codec, string name, byte[] data, int itemSize, Guarded destination)
    {
        string call = $"{name} into {destination.Length} bytes";
        Outcome<(bool, int)> outcome = Call.Attempt(call, () =>
        {
            bool fits = codec.TryEncode(data, itemSize, destination.Span, out int written);
            return (fits, written);
        }, Allow.Argument);
        destination.CheckGuard(call);
        return outcome;
    }

    private static void CheckDecodes(CodecEntry entry, string name, byte[] data, byte[] encoded)
    {
        Outcome<byte[]> decoded = Call.Attempt($"{entry.Codec}.Decode(output of {name})", () => entry.Codec.Decode(encoded));
        Call.Check(decoded.Ok, $"The output of {name} ({encoded.Length} bytes) does not decode: {decoded}.");
        Call.Check(
            entry.Lossless ? decoded.Value.AsSpan().SequenceEqual(data) : decoded.Value!.Length == data.Length,
            $"The output of {name} decodes to {decoded.Value!.Length} bytes that are not the {data.Length} encoded.");
    }

    private static (CodecEntry, bool)[] MakeTable()
    {
        string[] fast =
        [
            """{"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 0}""",
            """{"id": "blosc", "cname": "blosclz", "clevel": 9, "shuffle": 0, "blocksize": 0}""",
            """{"id": "blosc", "cname": "zstd", "clevel": 3, "shuffle": 2, "blocksize": 0}""",
            """{"id": "blosc", "cname": "lz4", "clevel": 0, "shuffle": 1, "blocksize": 0}""",
            """{"id": "blosc", "cname": "zlib", "clevel": 1, "shuffle": 1, "blocksize": 256}""",
            """{"id": "blosc", "cname": "lz4hc", "clevel": 5, "shuffle": -1, "blocksize": 128, "typesize": 3}""",
            """{"id": "zstd", "level": 1}""",
            """{"id": "zstd", "level": 3, "checksum": true}""",
            """{"id": "zstd", "level": -5}""",
            """{"id": "lz4", "acceleration": 1}""",
            """{"id": "lz4", "acceleration": 100}""",
            """{"id": "zlib", "level": 1}""",
            """{"id": "zlib", "level": 0}""",
            """{"id": "zlib", "level": 9}""",
            """{"id": "gzip", "level": 1}""",
            """{"id": "gzip", "level": 0}""",
        ];
        string[] slow =
        [
            """{"id": "bz2", "level": 1}""",
            """{"id": "lzma", "format": 1, "check": -1, "preset": 0, "filters": null}""",
            """{"id": "lzma", "format": 1, "check": 10, "preset": 0, "filters": null}""",
            """{"id": "lzma", "format": 2, "check": -1, "preset": 0, "filters": null}""",
            """{"id": "lzma", "format": 3, "check": -1, "preset": null, "filters": [{"id": 3, "dist": 2}, {"id": 33, "preset": 0}]}""",
            """{"id": "lzma", "format": 3, "check": -1, "preset": null, "filters": [{"id": 4611686018427387905, "preset": 0}]}""",
        ];
        int[] bloscItemSizes = [4, 1, 8, 4, 2, 1];
        return
        [
            .. fast.Select((json, i) => (CodecEntry.FromJson(json, i < bloscItemSizes.Length ? bloscItemSizes[i] : 1), false)),
            .. slow.Select(json => (CodecEntry.FromJson(json), true)),
            .. FiltersTarget.Table.Select(entry => (entry, false)),
        ];
    }
}
