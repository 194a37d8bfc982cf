using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>
/// Writes MessagePack values into a buffer writer, each in the format msgpack-python 1.0's packer picks: integers in
/// the smallest format that holds them (unsigned ones for values of zero and above, signed ones only for negative
/// values), lengths and counts in the smallest header. Every value is written through to the destination at once
/// (<c>GetSpan</c>, then <c>Advance</c>), so there is nothing to flush.
/// </summary>
/// <remarks>
/// <see cref="OldSpec"/> is msgpack-python's <c>use_bin_type=False</c>: the format before MessagePack 2.0, which had
/// neither str 8 nor the bin formats, so strings of 32 to 255 bytes take a str 16 header and byte strings are written
/// as str ("raw").
/// </remarks>
internal readonly struct MsgPackWriter
{
    private readonly IBufferWriter<byte> _destination;

    /// <summary>Creates a writer.</summary>
    /// <param name="destination">Receives the bytes.</param>
    /// <param name="oldSpec">Write without str 8 and bin, as <c>use_bin_type=False</c> does.</param>
    public MsgPackWriter(IBufferWriter<byte> destination, bool oldSpec)
    {
        _destination = destination;
        OldSpec = oldSpec;
    }

    /// <summary>Whether str 8 and bin are left out (<c>use_bin_type=False</c>).</summary>
    public bool OldSpec { get; }

    /// <summary>Writes nil.</summary>
    public void WriteNil() => WriteCode(MsgPackCode.Nil);

    /// <summary>Writes true or false.</summary>
    public void WriteBoolean(bool value) => WriteCode(value ? MsgPackCode.True : MsgPackCode.False);

    /// <summary>Writes an integer: positive fixint, uint 8-64 from zero up; negative fixint, int 8-64 below.</summary>
    public void WriteInt64(long value)
    {
        if (value >= 0)
        {
            WriteUInt64((ulong)value);
        }
        else if (value >= MsgPackCode.MinNegativeFixIntValue)
        {
            WriteCode((byte)(sbyte)value); // the two's complement byte is the code: 0xE0 to 0xFF
        }
        else if (value >= sbyte.MinValue)
        {
            WriteCodeAndByte(MsgPackCode.Int8, (byte)(sbyte)value);
        }
        else if (value >= short.MinValue)
        {
            Span<byte> span = Reserve(3);
            span[0] = MsgPackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            _destination.Advance(3);
        }
        else if (value >= int.MinValue)
        {
            Span<byte> span = Reserve(5);
            span[0] = MsgPackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            _destination.Advance(5);
        }
        else
        {
            Span<byte> span = Reserve(9);
            span[0] = MsgPackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            _destination.Advance(9);
        }
    }

    /// <summary>Writes a non-negative integer: positive fixint, uint 8, 16, 32 or 64, whichever is smallest.</summary>
    public void WriteUInt64(ulong value)
    {
        if (value <= MsgPackCode.MaxPositiveFixInt)
        {
            WriteCode((byte)value);
        }
        else if (value <= byte.MaxValue)
        {
            WriteCodeAndByte(MsgPackCode.UInt8, (byte)value);
        }
        else if (value <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MsgPackCode.UInt16, (ushort)value);
        }
        else if (value <= uint.MaxValue)
        {
            WriteCodeAndUInt32(MsgPackCode.UInt32, (uint)value);
        }
        else
        {
            Span<byte> span = Reserve(9);
            span[0] = MsgPackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            _destination.Advance(9);
        }
    }

    /// <summary>Writes float 32, the bits of <paramref name="value"/> as they are (NaN payloads included).</summary>
    public void WriteFloat32(float value) => WriteCodeAndUInt32(MsgPackCode.Float32, BitConverter.SingleToUInt32Bits(value));

    /// <summary>Writes float 64, the bits of <paramref name="value"/> as they are (NaN payloads included).</summary>
    public void WriteFloat64(double value)
    {
        Span<byte> span = Reserve(9);
        span[0] = MsgPackCode.Float64;
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], BitConverter.DoubleToUInt64Bits(value));
        _destination.Advance(9);
    }

    /// <summary>Writes a string as UTF-8 after a fixstr, str 8 (not with <see cref="OldSpec"/>), 16 or 32 header.</summary>
    /// <exception cref="ArgumentException">The string holds a lone surrogate, which UTF-8 cannot encode.</exception>
    public void WriteString(string value)
    {
        int length;
        try
        {
            length = StrictText.Utf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"A string cannot be encoded as UTF-8: {e.Message}", e);
        }

        WriteStringHeader(length);
        if (length > 0)
        {
            _destination.Advance(StrictText.Utf8.GetBytes(value, Reserve(length)));
        }
    }

    /// <summary>
    /// Writes a byte string: bin 8, 16 or 32; with <see cref="OldSpec"/>, which has no bin, a str header instead, as
    /// msgpack-python writes bytes with <c>use_bin_type=False</c>.
    /// </summary>
    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        if (OldSpec)
        {
            WriteStringHeader(value.Length);
        }
        else if (value.Length <= byte.MaxValue)
        {
            WriteCodeAndByte(MsgPackCode.Bin8, (byte)value.Length);
        }
        else if (value.Length <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MsgPackCode.Bin16, (ushort)value.Length);
        }
        else
        {
            WriteCodeAndUInt32(MsgPackCode.Bin32, (uint)value.Length);
        }

        if (value.Length > 0)
        {
            value.CopyTo(Reserve(value.Length));
            _destination.Advance(value.Length);
        }
    }

    /// <summary>Writes the header of an array of <paramref name="count"/> items: fixarray, array 16 or array 32.</summary>
    public void WriteArrayHeader(int count) => WriteCountHeader(count, MsgPackCode.FixArray, MsgPackCode.Array16, MsgPackCode.Array32);

    /// <summary>Writes the header of a map of <paramref name="count"/> entries: fixmap, map 16 or map 32.</summary>
    public void WriteMapHeader(int count) => WriteCountHeader(count, MsgPackCode.FixMap, MsgPackCode.Map16, MsgPackCode.Map32);

    private void WriteStringHeader(int length)
    {
        if (length <= MsgPackCode.MaxFixStrLength)
        {
            WriteCode((byte)(MsgPackCode.FixStr | length));
        }
        else if (length <= byte.MaxValue && !OldSpec)
        {
            WriteCodeAndByte(MsgPackCode.Str8, (byte)length);
        }
        else if (length <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MsgPackCode.Str16, (ushort)length);
        }
        else
        {
            WriteCodeAndUInt32(MsgPackCode.Str32, (uint)length);
        }
    }

    private void WriteCountHeader(int count, byte fixCode, byte code16, byte code32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= MsgPackCode.MaxFixCount)
        {
            WriteCode((byte)(fixCode | count));
        }
        else if (count <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(code16, (ushort)count);
        }
        else
        {
            WriteCodeAndUInt32(code32, (uint)count);
        }
    }

    private void WriteCode(byte code)
    {
        Reserve(1)[0] = code;
        _destination.Advance(1);
    }

    private void WriteCodeAndByte(byte code, byte value)
    {
        Span<byte> span = Reserve(2);
        span[0] = code;
        span[1] = value;
        _destination.Advance(2);
    }

    private void WriteCodeAndUInt16(byte code, ushort value)
    {
        Span<byte> span = Reserve(3);
        span[0] = code;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], value);
        _destination.Advance(3);
    }

    private void WriteCodeAndUInt32(byte code, uint value)
    {
        Span<byte> span = Reserve(5);
        span[0] = code;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], value);
        _destination.Advance(5);
    }

    // IBufferWriter promises at least sizeHint bytes; a writer that breaks the promise would make the spans above throw
    // IndexOutOfRangeException, so it is named here instead.
    private Span<byte> Reserve(int length)
    {
        Span<byte> span = _destination.GetSpan(length);
        if (span.Length < length)
        {
            throw new InvalidOperationException($"The destination returned a span of {span.Length} bytes when asked for {length}.");
        }

        return span;
    }
}
