namespace NumCodecs.Fuzz;

/// <summary>Encodes fuzz data with a codec and decodes the result: lossless codecs give the data back, all give its length.</summary>
internal static class RoundTrip
{
    public static void Check(CodecEntry entry, byte[] data)
    {
        Codec codec = entry.Codec;
        string name = codec.ToString() ?? codec.CodecId;

        // ArgumentException: the docs allow it for a source the codec cannot take (not a whole number of items, ...).
        Outcome<byte[]> encoded = Call.Attempt($"{name}.Encode(span, {entry.ItemSize})", () => codec.Encode(data, entry.ItemSize), Allow.Argument);
        if (!encoded.Ok)
        {
            return;
        }

        Outcome<byte[]> decoded = Call.Attempt($"{name}.Decode(Encode(data))", () => codec.Decode(encoded.Value!));
        Call.Check(decoded.Ok, $"{name}: the encoding of {data.Length} bytes does not decode: {decoded}.");
        if (entry.Lossless)
        {
            Call.Check(
                decoded.Value.AsSpan().SequenceEqual(data),
                $"{name}: {data.Length} bytes came back from a round trip as {decoded.Value!.Length} different ones.");
        }
        else
        {
            Call.Check(
                decoded.Value!.Length == data.Length,
                $"{name}: {data.Length} bytes came back from a round trip as {decoded.Value.Length} bytes.");
        }
    }
}
