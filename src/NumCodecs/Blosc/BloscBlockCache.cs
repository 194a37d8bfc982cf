using Microsoft.Extensions.Caching.Memory;

namespace NumCodecs.Blosc;

/// <summary>
/// A thread-safe cache of decoded Blosc blocks, bounded by the bytes it holds, so that repeated random access to hot
/// blocks costs a copy instead of a decompression. Built on <see cref="MemoryCache"/> with a size limit; the least
/// recently used blocks are compacted away when it fills.
/// </summary>
public sealed class BloscBlockCache : IDisposable
{
    private readonly MemoryCache _cache;

    /// <summary>Creates a cache holding at most <paramref name="capacityBytes"/> bytes of decoded blocks.</summary>
    /// <param name="capacityBytes">Upper bound of the decoded bytes held.</param>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is not positive.</exception>
    public BloscBlockCache(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        CapacityBytes = capacityBytes;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacityBytes, CompactionPercentage = 0.25 });
    }

    /// <summary>The bound on decoded bytes held.</summary>
    public long CapacityBytes { get; }

    /// <summary>Number of blocks held now.</summary>
    public int Count => _cache.Count;

    /// <summary>Drops every block.</summary>
    public void Clear() => _cache.Compact(1.0);

    /// <inheritdoc/>
    public void Dispose() => _cache.Dispose();

    internal bool TryGet(object chunkKey, int block, out byte[] decoded) =>
        _cache.TryGetValue(new BlockKey(chunkKey, block), out decoded!);

    internal void Add(object chunkKey, int block, byte[] decoded)
    {
        if (decoded.Length > CapacityBytes)
        {
            return;
        }

        using ICacheEntry entry = _cache.CreateEntry(new BlockKey(chunkKey, block));
        entry.Value = decoded;
        entry.Size = decoded.Length;
    }

    private readonly record struct BlockKey(object Chunk, int Block);
}
