namespace NumCodecs;

/// <summary>
/// An array of objects, as numpy holds one with dtype <c>object</c> (<c>|O</c>): what the object codecs encode and
/// decode. Items are in C order; <see cref="Shape"/> gives their layout (a one-dimensional array by default).
/// </summary>
/// <remarks>
/// <para>
/// Items are plain .NET values: <see langword="null"/> (Python's <c>None</c>), <see cref="bool"/>, <see cref="long"/>,
/// <see cref="ulong"/> (integers above <see cref="long.MaxValue"/>), <see cref="System.Numerics.BigInteger"/> (larger
/// still), <see cref="double"/>, <see cref="string"/>, <see cref="byte"/> arrays, lists (<see cref="IReadOnlyList{T}"/>
/// of objects) and string-keyed maps (<see cref="IReadOnlyDictionary{TKey, TValue}"/>), and for <c>vlen-array</c>
/// typed numeric arrays (<c>int[]</c>, <c>double[]</c>, ...). Each codec documents which of them it takes.
/// </para>
/// <para>
/// <c>json2</c> and <c>msgpack2</c> also record the array's dtype, which need not be <c>|O</c>: a numeric array they
/// encode decodes with its dtype and its items as numbers.
/// </para>
/// </remarks>
public sealed class ObjectArray
{
    private static readonly DType s_object = DType.Parse("|O");

    private readonly object?[] _items;
    private readonly int[] _shape;

    /// <summary>Creates an array of <paramref name="items"/>.</summary>
    /// <param name="items">The items, in C order.</param>
    /// <param name="shape">The shape; one dimension of <c>items.Count</c> when null. Its product must equal the item count.</param>
    /// <param name="dtype">The dtype; <c>|O</c> when null.</param>
    /// <exception cref="ArgumentException">The shape does not match the items, or has a negative dimension.</exception>
    public ObjectArray(IEnumerable<object?> items, IReadOnlyList<int>? shape = null, DType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
        _shape = shape is null ? [_items.Length] : [.. shape];
        long count = 1;
        foreach (int dimension in _shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"A shape has no negative dimensions ({string.Join(", ", _shape)}).", nameof(shape));
            }

            count *= dimension;
        }

        if (count != _items.Length)
        {
            throw new ArgumentException($"The shape ({string.Join(", ", _shape)}) holds {count} items, not {_items.Length}.", nameof(shape));
        }

        DType = dtype ?? s_object;
    }

    /// <summary>The items, in C order.</summary>
    public IReadOnlyList<object?> Items => _items;

    /// <summary>The shape.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>The dtype: <c>|O</c> unless a <c>json2</c> or <c>msgpack2</c> encoding recorded another.</summary>
    public DType DType { get; }

    /// <summary>The number of items.</summary>
    public int Count => _items.Length;

    /// <summary>The item at <paramref name="index"/> (C order).</summary>
    /// <param name="index">The flat index.</param>
    public object? this[int index] => _items[index];

    /// <summary>A one-dimensional object array of strings.</summary>
    /// <param name="items">The strings; null items stand for missing values.</param>
    /// <returns>The array.</returns>
    public static ObjectArray FromStrings(IEnumerable<string?> items) => new(items);

    /// <summary>The items as strings.</summary>
    /// <returns>A new array.</returns>
    /// <exception cref="InvalidCastException">An item is neither a string nor null.</exception>
    public string?[] ToStrings() => [.. _items.Select(item => item is null or string
        ? (string?)item
        : throw new InvalidCastException($"Item of type {item.GetType().Name} is not a string."))];

    internal object?[] ItemArray => _items;
}
