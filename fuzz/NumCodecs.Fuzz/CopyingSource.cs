using NumCodecs.IO;

namespace NumCodecs.Fuzz;

/// <summary>
/// A byte-range source that is not an <see cref="IDirectByteRangeSource"/>: every read copies, as from a file or an
/// object store, so <see cref="Blosc.BloscChunkReader"/> takes its planned-read path. Its asynchronous reads complete
/// after a yield when asked to, so the reader's awaits really suspend. A read the interface rules out (a negative
/// offset) is a finding. It reads suffixes but does not tell its length.
/// </summary>
internal sealed class CopyingSource : IByteRangeSource
{
    private readonly byte[] _bytes;
    private readonly bool _yield;
    private long _reads;

    public CopyingSource(byte[] bytes, bool yieldOnAsyncReads)
    {
        _bytes = bytes;
        _yield = yieldOnAsyncReads;
    }

    public long Reads => Interlocked.Read(ref _reads);

    public int Read(long offset, Span<byte> destination)
    {
        Interlocked.Increment(ref _reads);
        if (offset < 0)
        {
            throw new FindingException($"BloscChunkReader read at a negative offset ({offset}).");
        }

        if (offset >= _bytes.Length)
        {
            return 0;
        }

        int count = (int)Math.Min(destination.Length, _bytes.Length - offset);
        _bytes.AsSpan((int)offset, count).CopyTo(destination);
        return count;
    }

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_yield)
        {
            await Task.Yield();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Read(offset, destination.Span);
    }

    // Like an object store with suffix range requests: the last bytes and the length in one read, while the length
    // alone stays unknown (no TryGetLength), so readers take their probing paths.
    public SuffixRead ReadSuffix(Span<byte> destination)
    {
        Interlocked.Increment(ref _reads);
        int count = Math.Min(destination.Length, _bytes.Length);
        _bytes.AsSpan(_bytes.Length - count).CopyTo(destination);
        return new SuffixRead(count, _bytes.Length);
    }

    public async ValueTask<SuffixRead> ReadSuffixAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_yield)
        {
            await Task.Yield();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ReadSuffix(destination.Span);
    }
}
