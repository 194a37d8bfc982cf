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
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ChunkKey, long> _generations = new();

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

    /// <summary>A cached chunk of <paramref name="length"/> bytes (another length: an array re-created with other chunks).</summary>
    internal byte[]? TryGet(IZarrStore store, string key, int length) =>
        _cache.TryGetValue(new ChunkKey(store, key), out byte[]? decoded) && decoded!.Length == length ? decoded : null;

    /// <summary>The chunk's write generation, read before the chunk itself so that <see cref="Add"/> can tell a write in between.</summary>
    internal long Generation(IZarrStore store, string key) => _generations.GetValueOrDefault(new ChunkKey(store, key));

    /// <summary>Adds a decoded chunk read at <paramref name="generation"/>, unless a write has replaced it since.</summary>
    internal void Add(IZarrStore store, string key, byte[] decoded, long generation)
    {
        var chunkKey = new ChunkKey(store, key);
        if (decoded.Length > CapacityBytes || Generation(store, key) != generation)
        {
            return;
        }

        using (ICacheEntry entry = _cache.CreateEntry(chunkKey))
        {
            entry.Value = decoded;
            entry.Size = Math.Max(1, decoded.Length);
        }

        if (Generation(store, key) != generation)
        {
            _cache.Remove(chunkKey); // a write came in while this was added
        }
    }

    internal void Remove(IZarrStore store, string key)
    {
        var chunkKey = new ChunkKey(store, key);
        _generations.AddOrUpdate(chunkKey, 1, (_, generation) => generation + 1);
        _cache.Remove(chunkKey);
    }

    private readonly record struct ChunkKey(IZarrStore Store, string Key);
}
