using NumCodecs.IO;

namespace NumCodecs.Pipeline;

/// <summary>
/// The bytes <c>[offset, offset + length)</c> of another source, as a source of its own: an inner chunk of a shard.
/// Reads never leave the range.
/// </summary>
internal class ByteRangeSlice : IByteRangeSource
{
    private readonly IByteRangeSource _inner;
    private readonly long _offset;
    private readonly long _length;

    protected ByteRangeSlice(IByteRangeSource inner, long offset, long length)
    {
        _inner = inner;
        _offset = offset;
        _length = length;
    }

    /// <summary>A slice; direct (decoded in place) when <paramref name="inner"/> is.</summary>
    public static ByteRangeSlice Create(IByteRangeSource inner, long offset, long length) =>
        inner is IDirectByteRangeSource direct ? new Direct(direct, offset, length) : new ByteRangeSlice(inner, offset, length);

    public bool TryGetLength(out long length)
    {
        length = _length;
        return true;
    }

    // An inner chunk of a keyed shard is keyed by the shard and its place in it.
    public object? CacheKey => _inner.CacheKey is object shard ? (shard, _offset, _length) : null;

    public int Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= _length)
        {
            return 0;
        }

        int count = (int)Math.Min(destination.Length, _length - offset);
        return _inner.Read(_offset + offset, destination[..count]);
    }

    public ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= _length)
        {
            return ValueTask.FromResult(0);
        }

        int count = (int)Math.Min(destination.Length, _length - offset);
        return _inner.ReadAsync(_offset + offset, destination[..count], cancellationToken);
    }

    private sealed class Direct : ByteRangeSlice, IDirectByteRangeSource
    {
        private readonly IDirectByteRangeSource _direct;

        public Direct(IDirectByteRangeSource inner, long offset, long length)
            : base(inner, offset, length) => _direct = inner;

        public bool TryGetSpan(long offset, int length, out ReadOnlySpan<byte> span)
        {
            if (offset >= 0 && length >= 0 && offset + length <= _length)
            {
                return _direct.TryGetSpan(_offset + offset, length, out span);
            }

            span = default;
            return false;
        }
    }
}
