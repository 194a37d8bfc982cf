using System.Collections.Concurrent;
using NumCodecs.IO;

namespace NumCodecs.Zarr.Stores;

/// <summary>A store in memory: a thread-safe dictionary of keys to byte arrays.</summary>
public sealed class MemoryStore : IZarrStore
{
    private readonly ConcurrentDictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public bool IsReadOnly => false;

    /// <summary>The keys held.</summary>
    public ICollection<string> Keys => _values.Keys;

    /// <inheritdoc/>
    public byte[]? Read(string key)
    {
        StoreKeys.Validate(key);
        return _values.TryGetValue(key, out byte[]? value) ? value : null;
    }

    /// <inheritdoc/>
    public ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(key));
    }

    /// <inheritdoc/>
    public IByteRangeSource? OpenRange(string key) =>
        Read(key) is byte[] value ? new MemoryByteRangeSource(value) { CacheKey = (this, key, value) } : null; // a write stores a new array

    /// <inheritdoc/>
    public IEnumerable<string> List(string prefix = "") =>
        _values.Keys.Where(key => key.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    /// <inheritdoc/>
    public void Write(string key, ReadOnlySpan<byte> value)
    {
        StoreKeys.Validate(key);
        _values[key] = value.ToArray();
    }

    /// <inheritdoc/>
    public ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(key, value.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public bool Delete(string key)
    {
        StoreKeys.Validate(key);
        return _values.TryRemove(key, out _);
    }
}
