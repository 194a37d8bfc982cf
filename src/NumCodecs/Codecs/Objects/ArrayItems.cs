using System.Globalization;
using System.Numerics;

namespace NumCodecs;

/// <summary>
/// The list numcodecs' <c>json2</c> and <c>msgpack2</c> encode: <c>array.tolist()</c> (items nested by the shape),
/// then the dtype string and the shape; and the way back, as <c>np.empty(shape, dtype)[:] = items</c> does it.
/// </summary>
internal static class ArrayItems
{
    /// <summary>The items nested as <c>tolist()</c> nests them: one list level per dimension.</summary>
    public static List<object?> ToList(ObjectArray array)
    {
        if (array.Shape.Count == 0)
        {
            throw new ArgumentException("A zero-dimensional array cannot be encoded: numcodecs' tolist() gives a scalar, not a list.", nameof(array));
        }

        int position = 0;
        return Nest(array, 0, ref position);
    }

    private static List<object?> Nest(ObjectArray array, int dimension, ref int position)
    {
        int length = array.Shape[dimension];
        var level = new List<object?>(length);
        for (int i = 0; i < length; i++)
        {
            level.Add(dimension == array.Shape.Count - 1 ? array[position++] : Nest(array, dimension + 1, ref position));
        }

        return level;
    }

    /// <summary>The shape as a list of integers.</summary>
    public static List<object?> ShapeList(ObjectArray array) => [.. array.Shape.Select(d => (object?)(long)d)];

    /// <summary>
    /// Rebuilds the array from a decoded list whose last two entries are the dtype string and the shape; checks the
    /// shape against <paramref name="checkCount"/> before building anything.
    /// </summary>
    public static ObjectArray FromList(object? decoded, string codecId, Action<long> checkCount)
    {
        if (decoded is not IReadOnlyList<object?> list || list.Count < 2)
        {
            throw new CorruptDataException($"The {codecId} data is not a list ending with the dtype and the shape.");
        }

        string typestr = list[^2] switch
        {
            string s => s,
            byte[] b => System.Text.Encoding.UTF8.GetString(b), // msgpack2 with raw=True reads strings as bytes
            _ => throw new CorruptDataException($"The {codecId} data's second-last entry should be the dtype string."),
        };
        if (!DType.TryParse(typestr, out DType? dtype))
        {
            throw new CorruptDataException($"The {codecId} data's dtype '{typestr}' is not a numpy type string.");
        }

        if (list[^1] is not IReadOnlyList<object?> shapeItems)
        {
            throw new CorruptDataException($"The {codecId} data's last entry should be the shape, a list of integers.");
        }

        int[] shape = new int[shapeItems.Count];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shapeItems[i] is not (long or ulong) || System.Convert.ToDecimal(shapeItems[i], CultureInfo.InvariantCulture) is < 0 or > int.MaxValue)
            {
                throw new CorruptDataException($"Dimension {i} of the {codecId} data's shape is not a non-negative 32-bit integer.");
            }

            shape[i] = System.Convert.ToInt32(shapeItems[i], CultureInfo.InvariantCulture);
            count *= shape[i]; // at most (2^31 - 1)^2 here, as the check below stops larger counts
            checkCount(count);
            if (count > Array.MaxLength)
            {
                throw new CorruptDataException($"The {codecId} data's shape holds {count} items, more than an array can.");
            }
        }

        if (shape.Length == 0)
        {
            throw new CorruptDataException($"The {codecId} data has a zero-dimensional shape, which numcodecs cannot write.");
        }

        var items = new List<object?>(); // no capacity from the header: the entries themselves bound the work
        Flatten(list, 0, list.Count - 2, shape, 0, items, codecId);
        return new ObjectArray(items.Select(item => Convert(item, dtype, codecId)), shape, dtype);
    }

    private static void Flatten(IReadOnlyList<object?> level, int start, int length, int[] shape, int dimension, List<object?> items, string codecId)
    {
        if (length != shape[dimension])
        {
            throw new CorruptDataException($"The {codecId} data has {length} entries in dimension {dimension}, but its shape says {shape[dimension]}.");
        }

        for (int i = start; i < start + length; i++)
        {
            if (dimension == shape.Length - 1)
            {
                items.Add(level[i]);
            }
            else if (level[i] is IReadOnlyList<object?> inner)
            {
                Flatten(inner, 0, inner.Count, shape, dimension + 1, items, codecId);
            }
            else
            {
                throw new CorruptDataException($"The {codecId} data has a scalar where dimension {dimension + 1} of its shape needs a list.");
            }
        }
    }

    // numpy's assignment into an array of the recorded dtype, for the dtypes with a plain .NET counterpart; other
    // dtypes (object, strings, datetimes, ...) keep the decoded values.
    private static object? Convert(object? item, DType dtype, string codecId)
    {
        try
        {
            return (dtype.Kind, item) switch
            {
                (DTypeKind.Boolean, bool or long or ulong or double or BigInteger) => IsTrue(item),
                (DTypeKind.SignedInteger, bool b) => b ? 1L : 0L,
                (DTypeKind.SignedInteger, long or ulong or BigInteger) => (long)ToBigInteger(item),
                (DTypeKind.SignedInteger, double d) => (long)d,
                (DTypeKind.UnsignedInteger, bool b) => b ? 1UL : 0UL,
                (DTypeKind.UnsignedInteger, long or ulong or BigInteger) => (ulong)ToBigInteger(item),
                (DTypeKind.UnsignedInteger, double d) => (ulong)d,
                (DTypeKind.FloatingPoint, bool or long or ulong or double or BigInteger) => Round(ToDouble(item), dtype.ItemSize),
                (DTypeKind.Boolean or DTypeKind.SignedInteger or DTypeKind.UnsignedInteger or DTypeKind.FloatingPoint, _) =>
                    throw new CorruptDataException($"The {codecId} data holds {Describe(item)} where its dtype '{dtype}' needs a number."),
                _ => item,
            };
        }
        catch (OverflowException)
        {
            throw new CorruptDataException($"The {codecId} data holds {DescribeNumber(item)}, which does not fit its dtype '{dtype}'.");
        }
    }

    private static bool IsTrue(object? item) => item switch
    {
        bool b => b,
        double d => d != 0,
        _ => !ToBigInteger(item).IsZero,
    };

    private static BigInteger ToBigInteger(object? item) => item switch
    {
        long l => l,
        ulong u => u,
        BigInteger big => big,
        _ => BigInteger.Zero,
    };

    private static double ToDouble(object? item) => item switch
    {
        bool b => b ? 1 : 0,
        double d => d,
        _ => (double)ToBigInteger(item),
    };

    private static double Round(double value, int itemSize) => itemSize switch
    {
        2 => (double)(Half)value,
        4 => (float)value,
        _ => value,
    };

    // Messages stay short whatever the input: a huge integer is named by its size, not printed.
    private static string DescribeNumber(object? item) => item is BigInteger big
        ? $"an integer of {(long)Math.Floor(BigInteger.Log10(BigInteger.Abs(big))) + 1} digits"
        : $"{item}";

    private static string Describe(object? item) => item is null ? "null" : item.GetType().Name;
}
