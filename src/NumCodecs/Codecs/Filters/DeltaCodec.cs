using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>numcodecs' delta filter: the first item, then the difference of each item from the one before.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>delta</c>. Name (Zarr v3): <c>numcodecs.delta</c>.</para>
/// <para>Config: <c>{"id": "delta", "dtype": "&lt;i8", "astype": "&lt;i8"}</c>.</para>
/// <para>
/// Compatibility: numpy's arithmetic, as numcodecs uses it: differences are taken in <c>dtype</c> (integers wrap
/// around) and cast to <c>astype</c>; decoding accumulates in <c>dtype</c> (<c>np.cumsum</c> into a <c>dtype</c>
/// array). Both byte orders. Boolean, integer and float dtypes. Unlike numcodecs, an empty input round-trips.
/// </para>
/// </remarks>
public sealed class DeltaCodec : ItemFilterCodec
{
    /// <summary>The codec id, <c>delta</c>.</summary>
    public const string Id = "delta";

    /// <summary>Creates a delta filter.</summary>
    /// <param name="dtype">The items' dtype.</param>
    /// <param name="astype">The dtype the differences are stored in; null for <paramref name="dtype"/>.</param>
    /// <exception cref="CodecConfigException">A dtype is not numeric.</exception>
    public DeltaCodec(DType dtype, DType? astype = null)
        : base(dtype ?? throw new ArgumentNullException(nameof(dtype)), astype ?? dtype)
    {
        NumericElements.CheckSupported(DataType, "dtype");
        NumericElements.CheckSupported(StorageType, "astype");
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>delta</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static DeltaCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "dtype", "astype");
        reader.Require("dtype");
        return new DeltaCodec(reader.GetDType("dtype")!, reader.GetDType("astype"));
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id, ["dtype"] = DataType.ToString(), ["astype"] = StorageType.ToString() };

    /// <inheritdoc/>
    public override string ToString() =>
        StorageType == DataType ? $"Delta(dtype='{DataType}')" : $"Delta(dtype='{DataType}', astype='{StorageType}')";

    /// <inheritdoc/>
    private protected override void EncodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count)
    {
        if (TypedPath(source, destination, count, encode: true))
        {
            return;
        }

        bool isFloat = NumericElements.IsFloat(DataType);
        long previousInteger = 0;
        double previousFloat = 0;
        for (int i = 0; i < count; i++)
        {
            // The difference is computed in dtype: integers wrap at its width, floats round to its precision.
            if (isFloat)
            {
                double value = NumericElements.ReadFloat(source, DataType, i);
                double difference = i == 0 ? value : NumericElements.RoundToPrecision(value - previousFloat, DataType);
                NumericElements.WriteValue(destination, StorageType, i, isFloat: true, 0, difference);
                previousFloat = value;
            }
            else
            {
                long value = NumericElements.ReadInteger(source, DataType, i);
                long difference = i == 0 ? value : Wrap(value - previousInteger, DataType);
                NumericElements.WriteValue(destination, StorageType, i, isFloat: false, difference, NumericElements.UnsignedAwareDouble(difference, DataType));
                previousInteger = value;
            }
        }
    }

    /// <inheritdoc/>
    private protected override void DecodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count)
    {
        if (TypedPath(source, destination, count, encode: false))
        {
            return;
        }

        // np.cumsum(enc, out=dec) accumulates in the output's dtype: each stored difference is cast to dtype first.
        bool isFloat = NumericElements.IsFloat(DataType);
        long sumInteger = 0;
        double sumFloat = 0;
        Span<byte> item = stackalloc byte[8];
        for (int i = 0; i < count; i++)
        {
            NumericElements.Cast(source, StorageType, i, item, DataType, 0);
            if (isFloat)
            {
                double value = NumericElements.ReadFloat(item, DataType, 0);
                sumFloat = i == 0 ? value : NumericElements.RoundToPrecision(sumFloat + value, DataType);
                NumericElements.WriteFloat(destination, DataType, i, sumFloat);
            }
            else
            {
                long value = NumericElements.ReadInteger(item, DataType, 0);
                sumInteger = i == 0 ? value : Wrap(sumInteger + value, DataType);
                NumericElements.WriteInteger(destination, DataType, i, sumInteger);
            }
        }
    }

    /// <summary>Reduces integer bits to the dtype's width, sign-extended for signed kinds, as its arithmetic wraps.</summary>
    // The common case, astype equal to dtype in the machine's byte order, on typed spans: differences with Vector<T>
    // (integers wrap, floats round to their own precision, as numpy computes them), sums in one typed loop. Everything
    // else, and overlapping buffers, take the element-by-element path.
    private bool TypedPath(ReadOnlySpan<byte> source, Span<byte> destination, int count, bool encode)
    {
        if (StorageType != DataType || DataType.IsForeignByteOrder || count == 0 || source.Overlaps(destination))
        {
            return false;
        }

        source = source[..(count * DataType.ItemSize)];
        destination = destination[..source.Length];
        switch (DataType.Kind, DataType.ItemSize)
        {
            case (DTypeKind.SignedInteger, 1): Run<sbyte>(source, destination, encode); return true;
            case (DTypeKind.SignedInteger, 2): Run<short>(source, destination, encode); return true;
            case (DTypeKind.SignedInteger, 4): Run<int>(source, destination, encode); return true;
            case (DTypeKind.SignedInteger, 8): Run<long>(source, destination, encode); return true;
            case (DTypeKind.UnsignedInteger, 1): Run<byte>(source, destination, encode); return true;
            case (DTypeKind.UnsignedInteger, 2): Run<ushort>(source, destination, encode); return true;
            case (DTypeKind.UnsignedInteger, 4): Run<uint>(source, destination, encode); return true;
            case (DTypeKind.UnsignedInteger, 8): Run<ulong>(source, destination, encode); return true;
            case (DTypeKind.FloatingPoint, 4): Run<float>(source, destination, encode); return true;
            case (DTypeKind.FloatingPoint, 8): Run<double>(source, destination, encode); return true;
            default: return false;
        }
    }

    private static void Run<T>(ReadOnlySpan<byte> source, Span<byte> destination, bool encode)
        where T : unmanaged, INumber<T>
    {
        ReadOnlySpan<T> x = MemoryMarshal.Cast<byte, T>(source);
        Span<T> d = MemoryMarshal.Cast<byte, T>(destination);
        if (encode)
        {
            Differences(x, d);
        }
        else
        {
            T sum = x[0];
            d[0] = sum;
            for (int i = 1; i < x.Length; i++)
            {
                sum += x[i];
                d[i] = sum;
            }
        }
    }

    private static void Differences<T>(ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, INumber<T>
    {
        d[0] = x[0];
        int i = 1;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                (new Vector<T>(x[i..]) - new Vector<T>(x[(i - 1)..])).CopyTo(d[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            d[i] = x[i] - x[i - 1];
        }
    }

    private static long Wrap(long value, DType dtype)
    {
        int bits = dtype.ItemSize * 8;
        if (bits == 64)
        {
            return value;
        }

        long mask = (1L << bits) - 1;
        long low = value & mask;
        return dtype.Kind == DTypeKind.SignedInteger && (low >> (bits - 1)) != 0 ? low - (1L << bits) : low;
    }

}
