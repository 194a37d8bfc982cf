using NumCodecs.IO;

namespace NumCodecs.Cli;

/// <summary>Passes reads through to another source and counts them, for <c>numcodecs partial</c>'s report.</summary>
internal sealed class CountingSource(IByteRangeSource inner) : IByteRangeSource
{
    private long _bytes;
    private int _reads;

    public long BytesRead => Interlocked.Read(ref _bytes);

    public int Reads => Volatile.Read(ref _reads);

    public int Read(long offset, Span<byte> destination) => Count(inner.Read(offset, destination));

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(offset, destination, cancellationToken).ConfigureAwait(false));

    public bool TryGetLength(out long length) => inner.TryGetLength(out length);

    private int Count(int read)
    {
        Interlocked.Add(ref _bytes, read);
        Interlocked.Increment(ref _reads);
        return read;
    }
}
