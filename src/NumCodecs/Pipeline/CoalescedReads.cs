using NumCodecs.Internal;
using NumCodecs.IO;

namespace NumCodecs.Pipeline;

/// <summary>A range of bytes in a source.</summary>
/// <param name="Offset">Offset of the first byte.</param>
/// <param name="Length">Number of bytes.</param>
internal readonly record struct ByteRange(long Offset, int Length)
{
    public long End => Offset + Length;
}

/// <summary>
/// Plans the reads of many byte ranges: ranges closer than a gap merge into one read (the gap read and dropped), and
/// the reads go out concurrently.
/// </summary>
internal sealed class CoalescedReads
{
    private readonly ByteRange[] _reads;
    private readonly int[] _firstRange; // per read, the index of its first range; ranges of a read are consecutive
    private readonly ByteRange[] _ranges;
    private readonly byte[][] _buffers;

    /// <summary>Plans reads of <paramref name="ranges"/>, which must be sorted by offset.</summary>
    public CoalescedReads(ByteRange[] ranges, int maxGap)
    {
        _ranges = ranges;
        var reads = new List<ByteRange>();
        var first = new List<int>();
        int i = 0;
        while (i < ranges.Length)
        {
            long start = ranges[i].Offset;
            long end = ranges[i].End;
            int j = i + 1;
            while (j < ranges.Length && ranges[j].Offset - end <= maxGap && Math.Max(end, ranges[j].End) - start <= Array.MaxLength)
            {
                end = Math.Max(end, ranges[j].End);
                j++;
            }

            reads.Add(new ByteRange(start, (int)(end - start)));
            first.Add(i);
            i = j;
        }

        _reads = [.. reads];
        _firstRange = [.. first];
        _buffers = new byte[_reads.Length][];
    }

    /// <summary>Number of reads the plan makes.</summary>
    public int ReadCount => _reads.Length;

    /// <summary>Bytes the plan reads, gaps included.</summary>
    public long BytesToRead => _reads.Sum(read => (long)read.Length);

    /// <summary>Issues every read, up to <paramref name="concurrency"/> at once on as many threads.</summary>
    public void Read(IByteRangeSource source, int concurrency) =>
        ParallelWork.For(_reads.Length, concurrency, r =>
        {
            var buffer = GC.AllocateUninitializedArray<byte>(_reads[r].Length);
            ByteRanges.ReadExactly(source, _reads[r].Offset, buffer);
            _buffers[r] = buffer;
        });

    /// <summary>Issues every read asynchronously, up to <paramref name="concurrency"/> at once.</summary>
    public Task ReadAsync(IByteRangeSource source, int concurrency, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            Enumerable.Range(0, _reads.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
            async (r, token) =>
            {
                var buffer = GC.AllocateUninitializedArray<byte>(_reads[r].Length);
                await ByteRanges.ReadExactlyAsync(source, _reads[r].Offset, buffer, token).ConfigureAwait(false);
                _buffers[r] = buffer;
            });

    /// <summary>The bytes of range <paramref name="index"/>, after a read.</summary>
    public ReadOnlyMemory<byte> Get(int index)
    {
        // Reads hold consecutive ranges: find the last read whose first range is at or before the index.
        int r = Array.BinarySearch(_firstRange, index);
        if (r < 0)
        {
            r = ~r - 1;
        }

        ByteRange range = _ranges[index];
        return _buffers[r].AsMemory((int)(range.Offset - _reads[r].Offset), range.Length);
    }
}
