namespace NumCodecs.Pipeline;

/// <summary>
/// A source that serves many ranges in one call better than one by one: the decoded bytes of a Blosc chunk, whose
/// blocks are each decoded once however many ranges they hold.
/// </summary>
internal interface IBatchByteRangeSource : NumCodecs.IO.IByteRangeSource
{
    /// <summary>Reads the ranges (sorted by offset) one after another into <paramref name="destination"/>.</summary>
    void ReadRanges(ByteRange[] ranges, Span<byte> destination);

    /// <summary>The decoded length, learnt asynchronously (a Blosc header read).</summary>
    ValueTask<long> GetLengthAsync(CancellationToken cancellationToken);

    /// <summary>Reads the ranges like <see cref="ReadRanges"/>, asynchronously.</summary>
    ValueTask ReadRangesAsync(ByteRange[] ranges, Memory<byte> destination, CancellationToken cancellationToken);
}
