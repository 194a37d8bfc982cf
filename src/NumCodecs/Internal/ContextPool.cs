namespace NumCodecs.Internal;

/// <summary>
/// A small lock-free pool of native contexts (zstd contexts, zlib streams, lz4 states), so that steady-state encode
/// and decode calls neither create contexts nor allocate. Contexts beyond the pool's capacity are disposed when
/// returned; pooled ones are released by their safe handles' finalizers when the pool itself is collected.
/// </summary>
/// <typeparam name="T">The context type.</typeparam>
internal sealed class ContextPool<T>
    where T : class, IDisposable
{
    private readonly Func<T> _factory;
    private readonly T?[] _slots;

    /// <summary>Creates a pool that makes new contexts with <paramref name="factory"/>.</summary>
    /// <param name="factory">Creates a ready-to-use context.</param>
    public ContextPool(Func<T> factory)
    {
        _factory = factory;
        _slots = new T?[Math.Max(4, Environment.ProcessorCount * 2)];
    }

    /// <summary>Takes a context from the pool, or creates one when the pool is empty.</summary>
    public T Rent()
    {
        T?[] slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            T? item = slots[i];
            if (item is not null && Interlocked.CompareExchange(ref slots[i], null, item) == item)
            {
                return item;
            }
        }

        return _factory();
    }

    /// <summary>Gives a context back; it must be in a reusable state.</summary>
    public void Return(T item)
    {
        T?[] slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i] is null && Interlocked.CompareExchange(ref slots[i], item, null) is null)
            {
                return;
            }
        }

        item.Dispose();
    }
}
