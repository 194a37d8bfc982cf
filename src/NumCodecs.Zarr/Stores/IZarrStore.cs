using System.Buffers;
using NumCodecs.IO;

namespace NumCodecs.Zarr.Stores;

/// <summary>
/// A Zarr store: values (metadata documents, chunks, shards) under '/'-separated keys, read whole, by byte range or
/// by suffix. A missing key is not an error: readers get null and use the fill value. Implementations must allow
/// concurrent calls.
/// </summary>
public interface IZarrStore
{
    /// <summary>Whether the store refuses writes.</summary>
    bool IsReadOnly { get; }

    /// <summary>The whole value of <paramref name="key"/>, or null when there is none.</summary>
    /// <param name="key">A store key (see <see cref="StoreKeys"/>).</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="ArgumentException">The key is not a valid store key.</exception>
    byte[]? Read(string key);

    /// <summary>
    /// The whole value of <paramref name="key"/> in a buffer the caller disposes when done with it, or null when there
    /// is none. Stores that can read into a rented buffer do (a directory store does), so reading chunk after chunk
    /// allocates nothing; the others return <see cref="Read"/>'s array.
    /// </summary>
    /// <param name="key">A store key.</param>
    /// <returns>The value (its <see cref="IMemoryOwner{T}.Memory"/> is exactly the value's bytes), or null.</returns>
    /// <exception cref="ArgumentException">The key is not a valid store key.</exception>
    IMemoryOwner<byte>? ReadPooled(string key) => Read(key) is byte[] value ? new ArrayOwner(value) : null;

    /// <summary>The whole value of <paramref name="key"/>, or null, read asynchronously.</summary>
    /// <param name="key">A store key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="ArgumentException">The key is not a valid store key.</exception>
    ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// The value of <paramref name="key"/> as a byte-range source, for partial decoding; null when there is none. Reads
    /// through it are the store's ranged reads (positional file reads, HTTP <c>Range</c> requests).
    /// </summary>
    /// <param name="key">A store key.</param>
    /// <returns>The source, or null.</returns>
    /// <exception cref="ArgumentException">The key is not a valid store key.</exception>
    IByteRangeSource? OpenRange(string key);

    /// <summary>The keys under <paramref name="prefix"/> (all of them for an empty prefix), in no particular order.</summary>
    /// <param name="prefix">A key prefix, such as <c>array/c/</c>.</param>
    /// <returns>The keys.</returns>
    IEnumerable<string> List(string prefix = "");

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any value there.</summary>
    /// <param name="key">A store key.</param>
    /// <param name="value">The bytes.</param>
    /// <exception cref="NotSupportedException">The store is read-only.</exception>
    /// <exception cref="ArgumentException">The key is not a valid store key.</exception>
    void Write(string key, ReadOnlySpan<byte> value);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> asynchronously.</summary>
    /// <param name="key">A store key.</param>
    /// <param name="value">The bytes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    /// <exception cref="NotSupportedException">The store is read-only.</exception>
    ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="key"/>.</summary>
    /// <param name="key">A store key.</param>
    /// <returns>Whether there was a value.</returns>
    /// <exception cref="NotSupportedException">The store is read-only.</exception>
    bool Delete(string key);
}

/// <summary>An array handed out as an <see cref="IMemoryOwner{T}"/>, returned to the pool on disposal when it was rented.</summary>
internal sealed class ArrayOwner(byte[] array, int length = -1, bool rented = false) : IMemoryOwner<byte>
{
    private byte[]? _array = array;

    public Memory<byte> Memory => _array is null
        ? throw new ObjectDisposedException(nameof(ArrayOwner))
        : _array.AsMemory(0, length < 0 ? _array.Length : length);

    public void Dispose()
    {
        byte[]? array = Interlocked.Exchange(ref _array, null);
        if (rented && array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
