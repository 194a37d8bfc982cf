namespace NumCodecs.IO;

/// <summary>Reads byte ranges of a buffer in memory.</summary>
public sealed class MemoryByteRangeSource : IDirectByteRangeSource
{
    /// <summary>Identifies these bytes in decoded-block caches across sources (see <see cref="IByteRangeSource.CacheKey"/>); null for none.</summary>
    public object? CacheKey { get; init; }

    private readonly ReadOnlyMemory<byte> _memory;

    /// <summary>Wraps <paramref name="memory"/> (not copied).</summary>
    /// <param name="memory">The bytes.</param>
    public MemoryByteRangeSource(ReadOnlyMemory<byte> memory) => _memory = memory;

    /// <summary>Length of the buffer in bytes.</summary>
    public long Length => _memory.Length;

    /// <inheritdoc/>
    public bool TryGetLength(out long length)
    {
        length = Length;
        return true;
    }

    /// <inheritdoc/>
    public int Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= _memory.Length)
        {
            return 0;
        }

        ReadOnlySpan<byte> available = _memory.Span[(int)offset..];
        int count = Math.Min(available.Length, destination.Length);
        available[..count].CopyTo(destination);
        return count;
    }

    /// <inheritdoc/>
    public ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(offset, destination.Span));
    }

    /// <inheritdoc/>
    public bool TryGetSpan(long offset, int length, out ReadOnlySpan<byte> span)
    {
        if (offset < 0 || length < 0 || offset + length > _memory.Length)
        {
            span = default;
            return false;
        }

        span = _memory.Span.Slice((int)offset, length);
        return true;
    }
}
