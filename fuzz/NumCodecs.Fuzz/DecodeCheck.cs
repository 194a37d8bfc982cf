using System.Buffers;

namespace NumCodecs.Fuzz;

/// <summary>
/// The decode contract every byte codec shares, checked on one input: <c>Decode(span)</c>,
/// <c>Decode(span, IBufferWriter)</c> and <c>Decode(ReadOnlySequence, IBufferWriter)</c> over several segments agree; <c>TryDecode</c> into destinations of several lengths returns false exactly
/// when the destination is shorter than the output, gives the same bytes otherwise and never writes past the span;
/// <c>Decode(span, span)</c> throws <see cref="ArgumentException"/> exactly when <c>TryDecode</c> returns false.
/// </summary>
internal static class DecodeCheck
{
    // Above this many decoded bytes only the exact and one-too-short destinations are tried, to keep executions fast.
    private const int ManyDestinationsLimit = 1 << 20;

    // Destination tried when the data cannot be decoded: long enough for most outputs of a fuzz-sized input.
    private const int ProbeLength = 64 * 1024;

    /// <summary>Runs the checks; <paramref name="plan"/> picks the extra destination lengths.</summary>
    /// <returns>The decoded bytes, or null when the data was (consistently) refused.</returns>
    public static byte[]? Run(Codec codec, byte[] data, byte plan)
    {
        string name = codec.ToString() ?? codec.CodecId;
        Outcome<byte[]> whole = Call.Attempt($"{name}.Decode(span)", () => codec.Decode(data));
        Outcome<byte[]> written = Call.Attempt($"{name}.Decode(span, IBufferWriter)", () =>
        {
            var writer = new ArrayBufferWriter<byte>();
            codec.Decode(data, writer);
            return writer.WrittenSpan.ToArray();
        });

        int cut = data.Length == 0 ? 0 : plan % data.Length;
        Outcome<byte[]> segmented = Call.Attempt($"{name}.Decode(ReadOnlySequence cut at {cut} and {cut + 1}, IBufferWriter)", () =>
        {
            var writer = new ArrayBufferWriter<byte>();
            codec.Decode(Segments.Split(data, cut, cut + 1), writer);
            return writer.WrittenSpan.ToArray();
        });

        Call.Check(
            whole.Ok == written.Ok,
            $"{name}: Decode(span) gave {whole} but Decode(span, IBufferWriter) gave {written}.");
        Call.Check(
            whole.Ok == segmented.Ok && (!whole.Ok || whole.Value.AsSpan().SequenceEqual(segmented.Value)),
            $"{name}: Decode(span) gave {Describe(whole)} but Decode(ReadOnlySequence of 4 segments cut at {cut} and {cut + 1}, IBufferWriter) gave {Describe(segmented)}.");
        Outcome<(bool Known, int Length)> recorded = Call.Attempt($"{name}.TryGetDecodedLength", () =>
        {
            bool known = codec.TryGetDecodedLength(data, out int length);
            return (known, length);
        });

        var destination = new Guarded();
        if (!whole.Ok)
        {
            // Refused data: no destination makes it decodable.
            int probe = recorded.Ok && recorded.Value.Known && recorded.Value.Length is >= 0 and <= ManyDestinationsLimit
                ? recorded.Value.Length
                : ProbeLength;
            foreach (int length in new[] { probe, plan % 32 })
            {
                Outcome<(bool Fits, int Written)> attempt = TryDecode(codec, name, data, destination.Reset(length));
                Call.Check(
                    !attempt.Ok || !attempt.Value.Fits,
                    $"{name}: TryDecode into {length} bytes succeeded ({attempt.Value.Written} bytes) but Decode(span) threw {whole}.");
            }

            return null;
        }

        byte[] expected = whole.Value!;
        Call.Check(
            expected.AsSpan().SequenceEqual(written.Value),
            $"{name}: Decode(span) gave {expected.Length} bytes and Decode(span, IBufferWriter) {written.Value!.Length} different ones.");
        Call.Check(
            recorded.Ok,
            $"{name}: Decode(span) succeeded but TryGetDecodedLength threw {recorded}.");
        Call.Check(
            !recorded.Value.Known || recorded.Value.Length == expected.Length,
            $"{name}: TryGetDecodedLength says {recorded.Value.Length} bytes but Decode(span) gave {expected.Length}.");

        int n = expected.Length;
        var lengths = new List<int> { n };
        if (n > 0)
        {
            lengths.Add(n - 1);
        }

        if (n <= ManyDestinationsLimit)
        {
            lengths.Add(0);
            lengths.Add(n / 2);
            lengths.Add(n + 1 + plan);
            lengths.Add(Math.Max(0, n - 1 - (plan >> 4)));
        }

        foreach (int length in lengths.Distinct())
        {
            Outcome<(bool Fits, int Written)> attempt = TryDecode(codec, name, data, destination.Reset(length));
            Call.Check(attempt.Ok, $"{name}: Decode(span) succeeded but TryDecode into {length} bytes threw {attempt}.");
            bool fits = length >= n;
            Call.Check(
                attempt.Value.Fits == fits,
                $"{name}: TryDecode into {length} bytes returned {attempt.Value.Fits} for {n} decoded bytes.");
            if (fits)
            {
                Call.Check(
                    attempt.Value.Written == n && destination.Written(n).SequenceEqual(expected),
                    $"{name}: TryDecode into {length} bytes wrote {attempt.Value.Written} bytes that differ from Decode(span)'s {n}.");
            }
        }

        // Decode(span, span): the same answer, with ArgumentException for a destination too short.
        foreach (int length in n > 0 ? new[] { n, n - 1 } : [n])
        {
            destination.Reset(length);
            Outcome<int> decoded = Call.Attempt(
                $"{name}.Decode(span, span[{length}])", () => codec.Decode(data, destination.Span), length < n ? Allow.Argument : Allow.None);
            destination.CheckGuard($"{name}.Decode(span, span[{length}])");
            Call.Check(
                length < n ? decoded.Error is ArgumentException : decoded.Ok && decoded.Value == n,
                $"{name}: Decode(span, span[{length}]) gave {decoded} for {n} decoded bytes.");
        }

        return expected;
    }

    private static string Describe(Outcome<byte[]> outcome) => outcome.Ok ? $"{outcome.Value!.Length} bytes" : outcome.ToString();

    private static Outcome<(bool Fits, int Written)> TryDecode(Codec codec, string name, byte[] data, Guarded destination)
    {
        string call = $"{name}.TryDecode(span, span[{destination.Length}])";
        Outcome<(bool, int)> outcome = Call.Attempt(call, () =>
        {
            bool fits = codec.TryDecode(data, destination.Span, out int written);
            return (fits, written);
        });
        destination.CheckGuard(call);
        return outcome;
    }
}
