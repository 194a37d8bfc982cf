using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>Variable-length one-dimensional arrays of one dtype in numcodecs' length-prefixed layout.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>vlen-array</c>. Name (Zarr v3): <c>numcodecs.vlen-array</c>. Config: <c>{"id": "vlen-array", "dtype": "&lt;i2"}</c>.</para>
/// <para>
/// Layout: a little-endian u32 item count, then per item a little-endian u32 byte length and the item's elements in
/// the dtype's byte order. Items are .NET arrays of the dtype's element type (<c>bool</c>, <c>sbyte</c> ... <c>long</c>,
/// <c>byte</c> ... <c>ulong</c>, <see cref="Half"/>, <c>float</c>, <c>double</c>, <see cref="Complex"/>), in the
/// machine's byte order whatever the dtype's; for dtypes without such a type (strings, datetimes, complex64, void)
/// they are the raw element bytes. A null item encodes as an empty array. A decoded item whose length is not a whole
/// number of elements is an error, as in numcodecs.
/// </para>
/// </remarks>
public sealed class VLenArrayCodec : ObjectCodec
{
    /// <summary>The codec id, <c>vlen-array</c>.</summary>
    public const string Id = "vlen-array";

    private readonly Type? _elementType;
    private readonly Func<int, Array>? _newTypedArray; // an array of _elementType of a given length, made without reflection

    /// <summary>Creates a vlen-array codec.</summary>
    /// <param name="dtype">The items' dtype.</param>
    /// <exception cref="CodecConfigException">The dtype is the object dtype, which has no byte representation.</exception>
    public VLenArrayCodec(DType dtype)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        if (dtype.Kind == DTypeKind.PythonObject || dtype.ItemSize == 0)
        {
            throw new CodecConfigException("dtype", $"vlen-array needs a dtype with a fixed element size, not '{dtype}'.");
        }

        DType = dtype;
        (_elementType, _newTypedArray) = ElementType(dtype);
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>The items' dtype (<c>dtype</c>).</summary>
    public DType DType { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>vlen-array</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static VLenArrayCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "dtype");
        reader.Require("dtype");
        return new VLenArrayCodec(reader.GetDType("dtype")!);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id, ["dtype"] = DType.ToString() };

    /// <inheritdoc/>
    public override string ToString() => $"VLenArray(dtype='{DType}')";

    /// <summary>Encodes typed arrays (null for an empty item).</summary>
    /// <typeparam name="T">The element type, which must be the dtype's (<c>short</c> for <c>&lt;i2</c> or <c>&gt;i2</c>, ...).</typeparam>
    /// <param name="items">The arrays, in the machine's byte order.</param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not the dtype's element type.</exception>
    public byte[] Encode<T>(IReadOnlyList<T[]?> items)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(items);
        return Encode(new ObjectArray(items));
    }

    /// <summary>Decodes into typed arrays, in the machine's byte order.</summary>
    /// <typeparam name="T">The dtype's element type.</typeparam>
    /// <param name="source">Encoded data.</param>
    /// <returns>The arrays.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not the dtype's element type.</exception>
    /// <exception cref="CorruptDataException">The data is truncated, or an item is not a whole number of elements.</exception>
    public T[][] DecodeArrays<T>(ReadOnlySpan<byte> source)
        where T : unmanaged
    {
        if (typeof(T) != (_elementType ?? typeof(byte)))
        {
            throw new ArgumentException($"The items of dtype '{DType}' are {(_elementType ?? typeof(byte)).Name} arrays, not {typeof(T).Name} arrays.", nameof(T));
        }

        return [.. Decode(source).Items.Select(item => (T[])item!)];
    }

    /// <inheritdoc/>
    protected override void EncodeCore(ObjectArray array, IBufferWriter<byte> destination)
    {
        int[] lengths = new int[array.Count];
        for (int i = 0; i < lengths.Length; i++)
        {
            object? item = array[i];
            lengths[i] = item switch
            {
                null => 0,
                Array values when values.Rank != 1 => throw new ArgumentException($"Item {i} has {values.Rank} dimensions; vlen-array encodes one-dimensional arrays only.", nameof(array)),
                Array values when values.GetType().GetElementType() == (_elementType ?? typeof(byte)) => checked(values.Length * (_elementType is null ? 1 : DType.ItemSize)),
                _ => throw new ArgumentException(
                    $"vlen-array with dtype '{DType}' encodes {(_elementType ?? typeof(byte)).Name} arrays, but item {i} is a {item.GetType().Name}.", nameof(array)),
            };
            if (_elementType is null && lengths[i] % DType.ItemSize != 0)
            {
                throw new ArgumentException($"Item {i} holds {lengths[i]} bytes, not a whole number of {DType.ItemSize}-byte '{DType}' elements.", nameof(array));
            }
        }

        VLenLayout.Write(destination, lengths, (Codec: this, Items: array.ItemArray), static (state, i, span) =>
        {
            if (state.Items[i] is Array values)
            {
                state.Codec.ElementBytes(values).CopyTo(span);
                state.Codec.SwapIfForeign(span);
            }
        }, Id);
    }

    /// <inheritdoc/>
    protected override ObjectArray DecodeCore(ReadOnlySpan<byte> source)
    {
        int count = VLenLayout.ReadCount(source, this, CheckItemCount);
        object[] items = new object[count];
        int position = VLenLayout.PrefixLength;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> bytes = VLenLayout.ReadItem(source, ref position, i, Id);
            if (bytes.Length % DType.ItemSize != 0)
            {
                throw new CorruptDataException($"Item {i} of the {Id} data is {bytes.Length} bytes, not a whole number of {DType.ItemSize}-byte '{DType}' elements.");
            }

            Array values = NewArray(bytes.Length / DType.ItemSize);
            Span<byte> target = ElementBytes(values);
            bytes.CopyTo(target);
            SwapIfForeign(target);
            items[i] = values;
        }

        return new ObjectArray(items);
    }

    // Array.CreateInstance(Type, int) would do for NewArray, but Native AOT cannot promise the code for an array type
    // it only meets at run time (IL3050): each element type comes with a plain `new T[length]` instead.
    private static (Type? Type, Func<int, Array>? Create) ElementType(DType dtype) => (dtype.Kind, dtype.ItemSize) switch
    {
        (DTypeKind.Boolean, 1) => (typeof(bool), static length => new bool[length]),
        (DTypeKind.SignedInteger, 1) => (typeof(sbyte), static length => new sbyte[length]),
        (DTypeKind.SignedInteger, 2) => (typeof(short), static length => new short[length]),
        (DTypeKind.SignedInteger, 4) => (typeof(int), static length => new int[length]),
        (DTypeKind.SignedInteger, 8) => (typeof(long), static length => new long[length]),
        (DTypeKind.UnsignedInteger, 1) => (typeof(byte), static length => new byte[length]),
        (DTypeKind.UnsignedInteger, 2) => (typeof(ushort), static length => new ushort[length]),
        (DTypeKind.UnsignedInteger, 4) => (typeof(uint), static length => new uint[length]),
        (DTypeKind.UnsignedInteger, 8) => (typeof(ulong), static length => new ulong[length]),
        (DTypeKind.FloatingPoint, 2) => (typeof(Half), static length => new Half[length]),
        (DTypeKind.FloatingPoint, 4) => (typeof(float), static length => new float[length]),
        (DTypeKind.FloatingPoint, 8) => (typeof(double), static length => new double[length]),
        (DTypeKind.Complex, 16) => (typeof(Complex), static length => new Complex[length]),
        _ => (null, null),
    };

    // The array's elements as bytes: typed arrays hold DType.ItemSize bytes per element, raw ones one.
    private Span<byte> ElementBytes(Array values) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(values), checked(values.Length * (_elementType is null ? 1 : DType.ItemSize)));

    private Array NewArray(int length) => _newTypedArray is null ? new byte[length * DType.ItemSize] : _newTypedArray(length);

    private void SwapIfForeign(Span<byte> bytes)
    {
        if (!DType.IsForeignByteOrder || _elementType is null)
        {
            return;
        }

        int part = DType.Kind == DTypeKind.Complex ? DType.ItemSize / 2 : DType.ItemSize; // each of a complex's two floats
        for (int offset = 0; offset < bytes.Length; offset += part)
        {
            bytes.Slice(offset, part).Reverse();
        }
    }
}
