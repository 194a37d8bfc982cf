using System.Buffers.Binary;
using System.Globalization;

namespace NumCodecs;

/// <summary>
/// Reads MessagePack values from a span, one at a time, front to back. Every read checks that its bytes are there
/// first; strings and byte strings are slices of the input, not copies. Bad data throws
/// <see cref="CorruptDataException"/>, whose message starts with the name the reader was given and says what is wrong
/// and where (a byte offset into the input).
/// </summary>
/// <remarks>
/// Array and map headers are checked against what remains before the caller sees their count: every item takes at
/// least one byte (a map entry two), so no count the input cannot hold reaches an allocation. Nesting is the caller's
/// to limit; the reader keeps no state beyond its position.
/// </remarks>
internal ref struct MsgPackReader
{
    private readonly ReadOnlySpan<byte> _source;
    private readonly string _name;
    private int _position;

    /// <summary>Creates a reader.</summary>
    /// <param name="source">The MessagePack bytes.</param>
    /// <param name="name">How error messages name the data, for example <c>The msgpack2 data</c>.</param>
    public MsgPackReader(ReadOnlySpan<byte> source, string name)
    {
        _source = source;
        _name = name;
    }

    /// <summary>Bytes read so far.</summary>
    public readonly int Consumed => _position;

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => _source.Length - _position;

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool End => _position == _source.Length;

    /// <summary>The first byte of the next value.</summary>
    /// <exception cref="CorruptDataException">The data ends here.</exception>
    public readonly byte NextCode
    {
        get
        {
            if (End)
            {
                throw new CorruptDataException($"{_name} ends where a value should start, at byte {_position} (truncated).");
            }

            return _source[_position];
        }
    }

    /// <summary>The family of the next value.</summary>
    /// <exception cref="CorruptDataException">The data ends here.</exception>
    public readonly MsgPackType NextType => MsgPackCode.TypeOf(NextCode);

    /// <summary>Reads nil.</summary>
    public void ReadNil() => ReadCode(MsgPackType.Nil);

    /// <summary>Reads false or true.</summary>
    public bool ReadBoolean() => ReadCode(MsgPackType.Boolean) == MsgPackCode.True;

    /// <summary>Reads an integer in any of the formats, which must fit a <see cref="long"/>.</summary>
    /// <exception cref="CorruptDataException">The next value is not an integer, is cut short, or is a uint 64 above <see cref="long.MaxValue"/>.</exception>
    public long ReadInt64()
    {
        int start = _position;
        ulong bits = ReadIntegerBits(out bool negative);
        if (!negative && bits > long.MaxValue)
        {
            throw new CorruptDataException($"{_name} holds the integer {bits} at byte {start}, where a value that fits 64 signed bits is needed.");
        }

        return (long)bits;
    }

    /// <summary>Reads an integer in any of the formats, which must not be negative.</summary>
    /// <exception cref="CorruptDataException">The next value is not an integer, is cut short, or is negative.</exception>
    public ulong ReadUInt64()
    {
        int start = _position;
        ulong bits = ReadIntegerBits(out bool negative);
        if (negative)
        {
            throw new CorruptDataException($"{_name} holds the integer {(long)bits} at byte {start}, where a value of zero or more is needed.");
        }

        return bits;
    }

    /// <summary>Reads a float 32.</summary>
    public float ReadSingle()
    {
        ReadExactCode(MsgPackCode.Float32);
        return BitConverter.UInt32BitsToSingle(BinaryPrimitives.ReadUInt32BigEndian(Take(4, MsgPackCode.Float32)));
    }

    /// <summary>Reads a float 64.</summary>
    public double ReadDouble()
    {
        ReadExactCode(MsgPackCode.Float64);
        return BitConverter.UInt64BitsToDouble(BinaryPrimitives.ReadUInt64BigEndian(Take(8, MsgPackCode.Float64)));
    }

    /// <summary>Reads a string (fixstr, str 8-32): its bytes, unchecked UTF-8, as a slice of the input.</summary>
    public ReadOnlySpan<byte> ReadStringBytes()
    {
        byte code = ReadCode(MsgPackType.String);
        long length = code < MsgPackCode.Nil ? code & MsgPackCode.MaxFixStrLength : ReadLength(code);
        return TakePayload(length, code);
    }

    /// <summary>Reads a byte string (bin 8-32) as a slice of the input.</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        byte code = ReadCode(MsgPackType.Binary);
        return TakePayload(ReadLength(code), code);
    }

    /// <summary>Reads an array header (fixarray, array 16 or 32): the number of items that follow.</summary>
    /// <exception cref="CorruptDataException">The count is more than the bytes that remain could hold.</exception>
    public int ReadArrayHeader()
    {
        int start = _position;
        byte code = ReadCode(MsgPackType.Array);
        long count = code < MsgPackCode.FixStr ? code & MsgPackCode.MaxFixCount : ReadLength(code);
        return CheckCount(count, 1, code, start, "items");
    }

    /// <summary>Reads a map header (fixmap, map 16 or 32): the number of key/value entries that follow.</summary>
    /// <exception cref="CorruptDataException">The count is more than the bytes that remain could hold.</exception>
    public int ReadMapHeader()
    {
        int start = _position;
        byte code = ReadCode(MsgPackType.Map);
        long count = code < MsgPackCode.FixArray ? code & MsgPackCode.MaxFixCount : ReadLength(code);
        return CheckCount(count, 2, code, start, "entries");
    }

    // The code byte of the next value, which must be of the expected family.
    private byte ReadCode(MsgPackType expected)
    {
        byte code = NextCode;
        if (MsgPackCode.TypeOf(code) != expected)
        {
            throw new CorruptDataException($"{_name} has a value of format {MsgPackCode.NameOf(code)} (0x{code:X2}) at byte {_position}, where one of type {expected} is needed.");
        }

        _position++;
        return code;
    }

    private void ReadExactCode(byte expected)
    {
        byte code = NextCode;
        if (code != expected)
        {
            throw new CorruptDataException($"{_name} has a value of format {MsgPackCode.NameOf(code)} (0x{code:X2}) at byte {_position}, where a {MsgPackCode.NameOf(expected)} is needed.");
        }

        _position++;
    }

    // After an integer's code: its value as two's complement bits, and whether it is below zero.
    private ulong ReadIntegerBits(out bool negative)
    {
        byte code = ReadCode(MsgPackType.Integer);
        long signed;
        switch (code)
        {
            case <= MsgPackCode.MaxPositiveFixInt:
                negative = false;
                return code;
            case >= MsgPackCode.MinNegativeFixInt:
                negative = true;
                return (ulong)(long)(sbyte)code;
            case MsgPackCode.UInt8:
                negative = false;
                return Take(1, code)[0];
            case MsgPackCode.UInt16:
                negative = false;
                return BinaryPrimitives.ReadUInt16BigEndian(Take(2, code));
            case MsgPackCode.UInt32:
                negative = false;
                return BinaryPrimitives.ReadUInt32BigEndian(Take(4, code));
            case MsgPackCode.UInt64:
                negative = false;
                return BinaryPrimitives.ReadUInt64BigEndian(Take(8, code));
            case MsgPackCode.Int8:
                signed = (sbyte)Take(1, code)[0];
                break;
            case MsgPackCode.Int16:
                signed = BinaryPrimitives.ReadInt16BigEndian(Take(2, code));
                break;
            case MsgPackCode.Int32:
                signed = BinaryPrimitives.ReadInt32BigEndian(Take(4, code));
                break;
            default: // Int64, the last code TypeOf calls an integer
                signed = BinaryPrimitives.ReadInt64BigEndian(Take(8, code));
                break;
        }

        negative = signed < 0;
        return (ulong)signed;
    }

    // After the code of a str, bin, array or map format with a length field (8, 16 or 32 bits): the length.
    private uint ReadLength(byte code)
    {
        return code switch
        {
            MsgPackCode.Str8 or MsgPackCode.Bin8 => Take(1, code)[0],
            MsgPackCode.Str16 or MsgPackCode.Bin16 or MsgPackCode.Array16 or MsgPackCode.Map16 => BinaryPrimitives.ReadUInt16BigEndian(Take(2, code)),
            _ => BinaryPrimitives.ReadUInt32BigEndian(Take(4, code)), // str 32, bin 32, array 32, map 32
        };
    }

    private int CheckCount(long count, int minimumBytesEach, byte code, int start, string unit)
    {
        if (count * minimumBytesEach > Remaining)
        {
            throw new CorruptDataException(
                $"{_name}'s {MsgPackCode.NameOf(code)} header at byte {start} claims {count} {unit}, but only {Remaining} bytes follow " +
                $"(each takes at least {minimumBytesEach.ToString(CultureInfo.InvariantCulture)}): truncated or corrupt.");
        }

        return (int)count; // at most Remaining, an int
    }

    // The payload of a str or bin value whose header has been read.
    private ReadOnlySpan<byte> TakePayload(long length, byte code)
    {
        if (length > Remaining)
        {
            throw new CorruptDataException($"{_name} ends inside the {length} bytes of a {MsgPackCode.NameOf(code)} starting at byte {_position}: {Remaining} remain (truncated).");
        }

        return Take((int)length, code);
    }

    // The next `length` bytes of the value being read (its payload or length field); `code` names its format.
    private ReadOnlySpan<byte> Take(int length, byte code)
    {
        if (length > Remaining)
        {
            throw new CorruptDataException($"{_name} ends inside a {MsgPackCode.NameOf(code)} at byte {_position}: it needs {length} more bytes, {Remaining} remain (truncated).");
        }

        ReadOnlySpan<byte> bytes = _source.Slice(_position, length);
        _position += length;
        return bytes;
    }
}
