using System.Buffers;

namespace NumCodecs.Internal;

/// <summary>
/// Collects output of unknown length in pooled pieces that grow to <see cref="MaxPieceLength"/>, never copying what
/// is written, so that turning it into one array costs the output twice at most (the pieces, then the array) plus
/// one piece, instead of the three times a doubling buffer's last copy takes.
/// </summary>
internal sealed class SegmentedBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int FirstPieceLength = 16 * 1024; // bytes
    private const int MaxPieceLength = 1024 * 1024; // bytes

    private readonly List<(byte[] Piece, int Length)> _full = [];
    private byte[] _current = [];
    private int _currentWritten;
    private long _fullLength;

    /// <summary>Bytes written so far.</summary>
    public long Length => _fullLength + _currentWritten;

    /// <inheritdoc/>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _current.Length - _currentWritten)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _currentWritten += count;
    }

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _current.AsMemory(_currentWritten);
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _current.AsSpan(_currentWritten);
    }

    /// <summary>The bytes written, as one new array.</summary>
    /// <exception cref="InsufficientMemoryException">They exceed the largest array.</exception>
    public byte[] ToArray()
    {
        if (Length > Array.MaxLength)
        {
            throw new InsufficientMemoryException($"The {Length} decoded bytes exceed the largest array.");
        }

        byte[] result = Length == 0 ? [] : GC.AllocateUninitializedArray<byte>((int)Length);
        int position = 0;
        foreach ((byte[] piece, int length) in _full)
        {
            piece.AsSpan(0, length).CopyTo(result.AsSpan(position));
            position += length;
        }

        _current.AsSpan(0, _currentWritten).CopyTo(result.AsSpan(position));
        return result;
    }

    /// <summary>Writes the bytes written here to <paramref name="destination"/>, a piece at a time.</summary>
    public void CopyTo(IBufferWriter<byte> destination)
    {
        foreach ((byte[] piece, int length) in _full)
        {
            destination.Write(piece.AsSpan(0, length));
        }

        destination.Write(_current.AsSpan(0, _currentWritten));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach ((byte[] piece, _) in _full)
        {
            ArrayPool<byte>.Shared.Return(piece);
        }

        _full.Clear();
        if (_current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
        }

        _current = [];
        _currentWritten = 0;
        _fullLength = 0;
    }

    private void Reserve(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        int needed = Math.Max(sizeHint, 1);
        if (_current.Length - _currentWritten >= needed)
        {
            return;
        }

        if (_currentWritten > 0)
        {
            _full.Add((_current, _currentWritten));
            _fullLength += _currentWritten;
        }
        else if (_current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
        }

        long grown = Math.Min(Math.Max(FirstPieceLength, Length), MaxPieceLength);
        _current = ArrayPool<byte>.Shared.Rent((int)Math.Max(grown, needed));
        _currentWritten = 0;
    }
}
