using System.Buffers;
using System.Collections.Concurrent;
using NumCodecs.IO;

namespace NumCodecs.Zarr.Stores;

/// <summary>
/// A store that passes every call to another one and counts what reads bring back: bytes, requests (whole reads,
/// ranged reads and suffix reads alike) and the distinct keys read. It answers "how much did that selection read",
/// for metrics, tests and <c>numcodecs zarr get --stats</c>. Thread-safe; the counts are totals since creation or the
/// last <see cref="Reset"/>.
/// </summary>
/// <param name="inner">The store that does the work.</param>
public sealed class CountingStore(IZarrStore inner) : IZarrStore
{
    private readonly ConcurrentDictionary<string, bool> _keys = new(StringComparer.Ordinal);
    private long _bytes;
    private long _requests;

    /// <summary>The store that does the work.</summary>
    public IZarrStore Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>Bytes returned by reads: whole values, ranges and suffixes.</summary>
    public long BytesRead => Interlocked.Read(ref _bytes);

    /// <summary>Reads made: one per whole-value read, ranged read or suffix read, including reads of missing keys.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>How many distinct keys were read, metadata documents included.</summary>
    public int KeysRead => _keys.Count;

    /// <summary>The distinct keys read, in no particular order.</summary>
    public IReadOnlyCollection<string> Keys => [.. _keys.Keys];

    /// <inheritdoc/>
    public bool IsReadOnly => Inner.IsReadOnly;

    /// <summary>Sets every count back to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _bytes, 0);
        Interlocked.Exchange(ref _requests, 0);
        _keys.Clear();
    }

    /// <inheritdoc/>
    public byte[]? Read(string key)
    {
        byte[]? value = Inner.Read(key);
        Count(key, value?.Length ?? 0);
        return value;
    }

    /// <inheritdoc/>
    public IMemoryOwner<byte>? ReadPooled(string key)
    {
        IMemoryOwner<byte>? value = Inner.ReadPooled(key);
        Count(key, value?.Memory.Length ?? 0);
        return value;
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        byte[]? value = await Inner.ReadAsync(key, cancellationToken).ConfigureAwait(false);
        Count(key, value?.Length ?? 0);
        return value;
    }

    /// <inheritdoc/>
    public IByteRangeSource? OpenRange(string key) => Inner.OpenRange(key) is IByteRangeSource source ? new Source(this, key, source) : null;

    /// <inheritdoc/>
    public IEnumerable<string> List(string prefix = "") => Inner.List(prefix);

    /// <inheritdoc/>
    public void Write(string key, ReadOnlySpan<byte> value) => Inner.Write(key, value);

    /// <inheritdoc/>
    public ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        Inner.WriteAsync(key, value, cancellationToken);

    /// <inheritdoc/>
    public bool Delete(string key) => Inner.Delete(key);

    private void Count(string key, int bytes)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytes, bytes);
        _keys.TryAdd(key, true);
    }

    /// <summary>A ranged source whose reads are counted against its store; disposing it disposes the inner one.</summary>
    private sealed class Source(CountingStore owner, string key, IByteRangeSource inner) : IByteRangeSource, IDisposable
    {
        public object? CacheKey => inner.CacheKey;

        public bool TryGetLength(out long length) => inner.TryGetLength(out length);

        public int Read(long offset, Span<byte> destination)
        {
            int read = inner.Read(offset, destination);
            owner.Count(key, read);
            return read;
        }

        public async ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(offset, destination, cancellationToken).ConfigureAwait(false);
            owner.Count(key, read);
            return read;
        }

        public SuffixRead ReadSuffix(Span<byte> destination)
        {
            SuffixRead read = inner.ReadSuffix(destination);
            owner.Count(key, read.BytesRead);
            return read;
        }

        public async ValueTask<SuffixRead> ReadSuffixAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            SuffixRead read = await inner.ReadSuffixAsync(destination, cancellationToken).ConfigureAwait(false);
            owner.Count(key, read.BytesRead);
            return read;
        }

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }
}
