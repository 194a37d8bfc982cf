using System.Buffers;

namespace NumCodecs.Internal;

/// <summary>
/// A buffer writer over arrays rented from <see cref="ArrayPool{T}.Shared"/>: the first request rents exactly what is
/// asked (a codec's encoded-length bound), later ones grow the buffer by doubling. Dispose returns the array.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int MinimumGrowth = 4096;

    private byte[] _buffer = [];
    private int _written;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <inheritdoc/>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _buffer.Length - _written)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _written += count;
    }

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        int start = Reserve(sizeHint); // before reading _buffer, which Reserve may replace
        return _buffer.AsMemory(start);
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        int start = Reserve(sizeHint);
        return _buffer.AsSpan(start);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private int Reserve(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        int needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return _written;
        }

        long wanted = _buffer.Length == 0
            ? needed
            : Math.Max((long)_written + needed, Math.Max((long)_buffer.Length * 2, _buffer.Length + MinimumGrowth));
        int length = (int)Math.Min(wanted, Array.MaxLength);
        if (length - _written < needed)
        {
            throw new InsufficientMemoryException("The encoded data would exceed the largest array.");
        }

        byte[] grown = ArrayPool<byte>.Shared.Rent(length);
        _buffer.AsSpan(0, _written).CopyTo(grown);
        Dispose();
        _buffer = grown;
        return _written;
    }
}
