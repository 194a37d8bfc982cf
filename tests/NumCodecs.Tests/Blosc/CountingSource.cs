using NumCodecs.IO;

namespace NumCodecs.Tests.BloscBlocks;

/// <summary>A byte-range source over a buffer that counts what is read (and is deliberately not direct).</summary>
internal sealed class CountingSource : IByteRangeSource
{
    private readonly MemoryByteRangeSource _inner;
    private long _bytes;
    private int _reads;

    public CountingSource(byte[] data) => _inner = new MemoryByteRangeSource(data);

    public long BytesRead => Interlocked.Read(ref _bytes);

    public int Reads => _reads;

    public int Read(long offset, Span<byte> destination)
    {
        int read = _inner.Read(offset, destination);
        Interlocked.Add(ref _bytes, read);
        Interlocked.Increment(ref _reads);
        return read;
    }

    public bool TryGetLength(out long length) => _inner.TryGetLength(out length);

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return Read(offset, destination.Span);
    }
}
