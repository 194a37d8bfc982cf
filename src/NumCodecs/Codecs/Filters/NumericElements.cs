using System.Buffers.Binary;

namespace NumCodecs;

/// <summary>
/// Reads, writes, casts and adds the numeric items of a raw buffer as numpy does for a <see cref="DType"/>: integers
/// wrap around at their width, floats round to their precision, and casts follow numpy's unsafe <c>astype</c>
/// (float to integer truncates toward zero). Both byte orders.
/// </summary>
internal static class NumericElements
{
    /// <summary>float64, the precision numpy computes in when a Python float meets an integer array.</summary>
    public static DType Float64 { get; } = DType.Parse("<f8");

    /// <summary>uint8, categorize's default code type.</summary>
    public static DType UInt8 { get; } = DType.Parse("|u1");

    /// <summary>Throws <see cref="CodecConfigException"/> unless the dtype is a boolean, integer or float numpy filters compute on.</summary>
    public static void CheckSupported(DType dtype, string key)
    {
        bool supported = dtype.Kind switch
        {
            DTypeKind.Boolean or DTypeKind.SignedInteger or DTypeKind.UnsignedInteger => true,
            DTypeKind.FloatingPoint => dtype.ItemSize is 2 or 4 or 8,
            _ => false,
        };
        if (!supported)
        {
            throw new CodecConfigException(key, $"\"{key}\" {dtype} is not a boolean, integer or 16/32/64-bit float dtype.");
        }
    }

    public static bool IsFloat(DType dtype) => dtype.Kind == DTypeKind.FloatingPoint;

    /// <summary>An integer item as its 64-bit two's-complement bits (sign-extended for signed kinds).</summary>
    public static long ReadInteger(ReadOnlySpan<byte> data, DType dtype, int index)
    {
        ReadOnlySpan<byte> item = data.Slice(index * dtype.ItemSize, dtype.ItemSize);
        bool little = dtype.ByteOrder != DTypeByteOrder.BigEndian;
        bool signed = dtype.Kind == DTypeKind.SignedInteger;
        return dtype.ItemSize switch
        {
            1 => signed ? (sbyte)item[0] : item[0],
            2 => little
                ? (signed ? BinaryPrimitives.ReadInt16LittleEndian(item) : BinaryPrimitives.ReadUInt16LittleEndian(item))
                : (signed ? BinaryPrimitives.ReadInt16BigEndian(item) : BinaryPrimitives.ReadUInt16BigEndian(item)),
            4 => little
                ? (signed ? BinaryPrimitives.ReadInt32LittleEndian(item) : BinaryPrimitives.ReadUInt32LittleEndian(item))
                : (signed ? BinaryPrimitives.ReadInt32BigEndian(item) : BinaryPrimitives.ReadUInt32BigEndian(item)),
            _ => little ? BinaryPrimitives.ReadInt64LittleEndian(item) : BinaryPrimitives.ReadInt64BigEndian(item),
        };
    }

    /// <summary>An integer written at the dtype's width: the low bits, as a C cast keeps them.</summary>
    public static void WriteInteger(Span<byte> data, DType dtype, int index, long value)
    {
        Span<byte> item = data.Slice(index * dtype.ItemSize, dtype.ItemSize);
        bool little = dtype.ByteOrder != DTypeByteOrder.BigEndian;
        if (dtype.Kind == DTypeKind.Boolean)
        {
            item[0] = value != 0 ? (byte)1 : (byte)0;
            return;
        }

        switch (dtype.ItemSize)
        {
            case 1:
                item[0] = (byte)value;
                break;
            case 2:
                if (little) { BinaryPrimitives.WriteUInt16LittleEndian(item, (ushort)value); } else { BinaryPrimitives.WriteUInt16BigEndian(item, (ushort)value); }
                break;
            case 4:
                if (little) { BinaryPrimitives.WriteUInt32LittleEndian(item, (uint)value); } else { BinaryPrimitives.WriteUInt32BigEndian(item, (uint)value); }
                break;
            default:
                if (little) { BinaryPrimitives.WriteInt64LittleEndian(item, value); } else { BinaryPrimitives.WriteInt64BigEndian(item, value); }
                break;
        }
    }

    public static double ReadFloat(ReadOnlySpan<byte> data, DType dtype, int index)
    {
        ReadOnlySpan<byte> item = data.Slice(index * dtype.ItemSize, dtype.ItemSize);
        bool little = dtype.ByteOrder != DTypeByteOrder.BigEndian;
        return dtype.ItemSize switch
        {
            2 => (double)(little ? BinaryPrimitives.ReadHalfLittleEndian(item) : BinaryPrimitives.ReadHalfBigEndian(item)),
            4 => little ? BinaryPrimitives.ReadSingleLittleEndian(item) : BinaryPrimitives.ReadSingleBigEndian(item),
            _ => little ? BinaryPrimitives.ReadDoubleLittleEndian(item) : BinaryPrimitives.ReadDoubleBigEndian(item),
        };
    }

    /// <summary>An item of any numeric dtype as a double (unsigned 64-bit integers included).</summary>
    public static double ReadAsDouble(ReadOnlySpan<byte> data, DType dtype, int index) =>
        IsFloat(dtype) ? ReadFloat(data, dtype, index) : UnsignedAwareDouble(ReadInteger(data, dtype, index), dtype);

    /// <summary>
    /// The precision numpy computes in when a Python float meets an array of <paramref name="dtype"/>: a float array's
    /// own, float64 for integers.
    /// </summary>
    public static DType ArithmeticPrecision(DType dtype) => IsFloat(dtype) ? dtype : Float64;

    /// <summary>A float written at the dtype's precision (rounded to nearest).</summary>
    public static void WriteFloat(Span<byte> data, DType dtype, int index, double value)
    {
        Span<byte> item = data.Slice(index * dtype.ItemSize, dtype.ItemSize);
        bool little = dtype.ByteOrder != DTypeByteOrder.BigEndian;
        switch (dtype.ItemSize)
        {
            case 2:
                if (little) { BinaryPrimitives.WriteHalfLittleEndian(item, (Half)value); } else { BinaryPrimitives.WriteHalfBigEndian(item, (Half)value); }
                break;
            case 4:
                if (little) { BinaryPrimitives.WriteSingleLittleEndian(item, (float)value); } else { BinaryPrimitives.WriteSingleBigEndian(item, (float)value); }
                break;
            default:
                if (little) { BinaryPrimitives.WriteDoubleLittleEndian(item, value); } else { BinaryPrimitives.WriteDoubleBigEndian(item, value); }
                break;
        }
    }

    /// <summary>Rounds a value to the dtype's float precision, as storing it there would.</summary>
    public static double RoundToPrecision(double value, DType dtype) => dtype.ItemSize switch
    {
        2 => (double)(Half)value,
        4 => (float)value,
        _ => value,
    };

    /// <summary>Casts item <paramref name="index"/> of <paramref name="source"/> to <paramref name="targetType"/> into <paramref name="target"/>.</summary>
    public static void Cast(ReadOnlySpan<byte> source, DType sourceType, int index, Span<byte> target, DType targetType, int targetIndex)
    {
        if (IsFloat(sourceType))
        {
            WriteValue(target, targetType, targetIndex, isFloat: true, 0, ReadFloat(source, sourceType, index));
        }
        else
        {
            long integer = ReadInteger(source, sourceType, index);
            WriteValue(target, targetType, targetIndex, isFloat: false, integer, UnsignedAwareDouble(integer, sourceType));
        }
    }

    /// <summary>Writes a value known as an integer (<paramref name="integer"/>) or a float (<paramref name="floating"/>) with numpy's cast to the target.</summary>
    public static void WriteValue(Span<byte> target, DType targetType, int index, bool isFloat, long integer, double floating)
    {
        if (IsFloat(targetType))
        {
            WriteFloat(target, targetType, index, floating);
        }
        else if (isFloat)
        {
            WriteInteger(target, targetType, index, TruncateToInteger(floating, targetType));
        }
        else
        {
            WriteInteger(target, targetType, index, integer);
        }
    }

    /// <summary>The value of integer bits as a double, unsigned 64-bit included.</summary>
    public static double UnsignedAwareDouble(long bits, DType dtype) =>
        dtype.Kind == DTypeKind.UnsignedInteger && dtype.ItemSize == 8 ? (ulong)bits : bits;

    /// <summary>numpy's float-to-integer cast: toward zero; NaN and out-of-range values give the 64-bit minimum, as x86 does.</summary>
    private static long TruncateToInteger(double value, DType targetType)
    {
        if (targetType.Kind == DTypeKind.Boolean)
        {
            return value != 0 ? 1 : 0;
        }

        if (targetType.Kind == DTypeKind.UnsignedInteger && targetType.ItemSize == 8 && value >= 9.2233720368547758E18 && value < 1.8446744073709552E19)
        {
            return (long)(ulong)value;
        }

        return double.IsNaN(value) || value >= 9.2233720368547758E18 || value < -9.2233720368547758E18 ? long.MinValue : (long)value;
    }
}
