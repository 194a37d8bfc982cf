using System.Collections.ObjectModel;

namespace NumCodecs.Pipeline;

/// <summary>
/// What a codec in a chain is told about the chunk it encodes (the v3 spec's "array representation"): the shape, the
/// data type and the fill value. Between codecs a chunk is raw elements in C order, in this machine's byte order; the
/// <c>bytes</c> codec is where a stored byte order comes in.
/// </summary>
/// <remarks>Immutable. Two specs are equal when shape, data type and fill value bytes are.</remarks>
public sealed class ChunkSpec : IEquatable<ChunkSpec>
{
    private readonly int[] _shape;
    private readonly byte[] _fillValue;

    /// <summary>Creates a representation.</summary>
    /// <param name="shape">The chunk's shape, outermost dimension first; every extent at least 0.</param>
    /// <param name="dataType">The data type; its byte order is replaced by this machine's (elements between codecs are native).</param>
    /// <param name="fillValue">One element in this machine's byte order (<see cref="FillValues.Parse"/> makes it from metadata); empty for zeros.</param>
    /// <exception cref="ArgumentException">The data type's items have no bytes, an extent is negative, the chunk holds more than <see cref="Array.MaxLength"/> bytes, or the fill value is neither empty nor one element.</exception>
    public ChunkSpec(ReadOnlySpan<int> shape, DType dataType, ReadOnlySpan<byte> fillValue = default)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        long count = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] < 0)
            {
                throw new ArgumentException($"Dimension {d} of the chunk shape is negative ({shape[d]}).", nameof(shape));
            }

            count *= shape[d];
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"A chunk of shape [{string.Join(", ", shape.ToArray())}] holds more than {Array.MaxLength} elements.", nameof(shape));
            }
        }

        DataType = dataType.WithByteOrder(BitConverter.IsLittleEndian ? DTypeByteOrder.LittleEndian : DTypeByteOrder.BigEndian);
        if (DataType.ItemSize == 0)
        {
            throw new ArgumentException($"Elements of {dataType} have no bytes; a chunk needs elements of at least one byte.", nameof(dataType));
        }

        if (count * DataType.ItemSize > Array.MaxLength)
        {
            throw new ArgumentException(
                $"A chunk of {count} {DataType} elements holds more than {Array.MaxLength} bytes, the most one buffer holds.", nameof(shape));
        }

        if (!fillValue.IsEmpty && fillValue.Length != DataType.ItemSize)
        {
            throw new ArgumentException(
                $"The fill value has {fillValue.Length} bytes; one {DataType} element has {DataType.ItemSize}.", nameof(fillValue));
        }

        _shape = shape.ToArray();
        ElementCount = (int)count;
        _fillValue = fillValue.IsEmpty ? new byte[DataType.ItemSize] : fillValue.ToArray();
        Shape = new ReadOnlyCollection<int>(_shape);
    }

    /// <summary>The shape, outermost dimension first.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The data type, in this machine's byte order.</summary>
    public DType DataType { get; }

    /// <summary>One element of the fill value, in this machine's byte order.</summary>
    public ReadOnlyMemory<byte> FillValue => _fillValue;

    /// <summary>Elements in the chunk.</summary>
    public int ElementCount { get; }

    /// <summary>Bytes of the chunk's elements.</summary>
    public int ByteLength => ElementCount * DataType.ItemSize;

    /// <summary>The shape as a span (no copy).</summary>
    internal ReadOnlySpan<int> ShapeSpan => _shape;

    /// <summary>This representation with another shape.</summary>
    /// <param name="shape">The new shape.</param>
    /// <returns>A representation with the same data type and fill value.</returns>
    public ChunkSpec WithShape(ReadOnlySpan<int> shape) => new(shape, DataType, _fillValue);

    /// <summary>Whether every element of <paramref name="elements"/> equals the fill value, bit for bit.</summary>
    /// <param name="elements">A chunk's elements.</param>
    /// <returns><see langword="true"/> when the chunk holds nothing but the fill value.</returns>
    public bool IsAllFillValue(ReadOnlySpan<byte> elements)
    {
        int itemSize = _fillValue.Length;
        for (int i = 0; i + itemSize <= elements.Length; i += itemSize)
        {
            if (!elements.Slice(i, itemSize).SequenceEqual(_fillValue))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Fills <paramref name="destination"/> with copies of the fill value.</summary>
    /// <param name="destination">Whole elements.</param>
    public void Fill(Span<byte> destination)
    {
        if (_fillValue.AsSpan().IndexOfAnyExcept((byte)0) < 0)
        {
            destination.Clear();
            return;
        }

        for (int i = 0; i + _fillValue.Length <= destination.Length; i += _fillValue.Length)
        {
            _fillValue.CopyTo(destination[i..]);
        }
    }

    /// <inheritdoc/>
    public bool Equals(ChunkSpec? other) =>
        other is not null && _shape.AsSpan().SequenceEqual(other._shape) && DataType == other.DataType &&
        _fillValue.AsSpan().SequenceEqual(other._fillValue);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ChunkSpec);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (int extent in _shape)
        {
            hash.Add(extent);
        }

        hash.Add(DataType);
        hash.AddBytes(_fillValue);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"[{string.Join(", ", _shape)}] {DataType.ZarrV3Name ?? DataType.ToString()}, fill 0x{Convert.ToHexString(_fillValue)}";
}
