using Microsoft.Extensions.Caching.Memory;
using NumCodecs.Zarr.Stores;

namespace NumCodecs.Zarr;

/// <summary>
/// A thread-safe cache of decoded chunks, bounded by the bytes it holds, shared by the arrays whose
/// <see cref="ZarrArrayOptions.ChunkCache"/> it is: a training loop over a hot subset pays a copy per read instead of
/// a read and a decode. Built on <see cref="MemoryCache"/> with a size limit; when it fills, a quarter is compacted
/// away, least recently used first. Writes through an array drop the chunks they replace.
/// </summary>
public sealed class ZarrChunkCache : IDisposable
{
    private readonly MemoryCache _cache;

    /// <summary>Creates a cache holding at most <paramref name="capacityBytes"/> bytes of decoded chunks.</summary>
    /// <param name="capacityBytes">Upper bound of the decoded bytes held.</param>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is not positive.</exception>
    public ZarrChunkCache(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        CapacityBytes = capacityBytes;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacityBytes, CompactionPercentage = 0.25 });
    }

    /// <summary>The bound on decoded bytes held.</summary>
    public long CapacityBytes { get; }

    /// <summary>Number of chunks held now.</summary>
    public int Count => _cache.Count;

    /// <summary>Drops every chunk.</summary>
    public void Clear() => _cache.Compact(1.0);

    /// <inheritdoc/>
    public void Dispose() => _cache.Dispose();

    internal byte[]? TryGet(IZarrStore store, string key) =>
        _cache.TryGetValue(new ChunkKey(store, key), out byte[]? decoded) ? decoded : null;

    internal void Add(IZarrStore store, string key, byte[] decoded)
    {
        if (decoded.Length > CapacityBytes)
        {
            return;
        }

        using ICacheEntry entry = _cache.CreateEntry(new ChunkKey(store, key));
        entry.Value = decoded;
        entry.Size = Math.Max(1, decoded.Length);
    }

    internal void Remove(IZarrStore store, string key) => _cache.Remove(new ChunkKey(store, key));

    private readonly record struct ChunkKey(IZarrStore Store, string Key);
}
