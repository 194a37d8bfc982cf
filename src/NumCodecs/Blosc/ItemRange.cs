namespace NumCodecs.Blosc;

/// <summary>A run of consecutive items of a chunk, in items of the chunk's typesize.</summary>
/// <param name="Start">Index of the first item.</param>
/// <param name="Count">Number of items.</param>
public readonly record struct ItemRange(int Start, int Count);
