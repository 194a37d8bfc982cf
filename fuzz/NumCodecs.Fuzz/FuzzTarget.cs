namespace NumCodecs.Fuzz;

/// <summary>One fuzz target: a family of codecs, the way its inputs are read, and its seed inputs.</summary>
internal abstract class FuzzTarget
{
    /// <summary>Runs one input; returns normally unless it found something (<see cref="FindingException"/> or worse).</summary>
    public abstract void Run(byte[] input);

    /// <summary>Seed inputs: the library's own encodings and the reference fixtures, framed as <see cref="Run"/> reads them.</summary>
    public abstract IEnumerable<Seed> Seeds(SeedContext context);
}

/// <summary>A seed input and the file name it is written under.</summary>
internal readonly record struct Seed(string Name, byte[] Input);

/// <summary>A codec a target can pick with its first input byte.</summary>
/// <param name="Codec">The codec, built from its numcodecs config.</param>
/// <param name="ItemSize">The item size its encodings use (Blosc's typesize, bitround's float width).</param>
/// <param name="Lossless">Whether decoding an encoding gives the source back byte for byte.</param>
internal sealed record CodecEntry(Codec Codec, int ItemSize = 1, bool Lossless = true)
{
    public static CodecEntry FromJson(string json, int itemSize = 1, bool lossless = true) =>
        new(CodecRegistry.GetCodec(json), itemSize, lossless);

    public override string ToString() => Codec.GetConfig().ToJsonString();
}
