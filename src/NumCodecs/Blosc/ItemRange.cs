namespace NumCodecs.Blosc;

/// <summary>A run of consecutive items of a chunk, in items of the chunk's typesize.</summary>
/// <param name="Start">Index of the first item.</param>
/// <param name="Count">Number of items.</param>
public readonly record struct ItemRange(int Start, int Count);

/// <summary>The selected part of one dimension: indices <c>Start</c> (inclusive) to <c>Stop</c> (exclusive), step 1.</summary>
/// <param name="Start">First index.</param>
/// <param name="Stop">One past the last index.</param>
public readonly record struct DimensionSlice(int Start, int Stop)
{
    /// <summary>Number of indices selected.</summary>
    public int Length => Stop - Start;
}
