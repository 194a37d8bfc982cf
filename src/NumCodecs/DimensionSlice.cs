namespace NumCodecs;

/// <summary>
/// The selected part of one dimension of a chunk: indices <c>Start</c> (inclusive) to <c>Stop</c> (exclusive), step 1.
/// A selection of a chunk is one per dimension (Blosc's partial decoders, <see cref="IArrayPartialDecoder"/>).
/// </summary>
/// <param name="Start">First index.</param>
/// <param name="Stop">One past the last index.</param>
public readonly record struct DimensionSlice(int Start, int Stop)
{
    /// <summary>Number of indices selected.</summary>
    public int Length => Stop - Start;
}
