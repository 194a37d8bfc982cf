namespace NumCodecs;

/// <summary>The family of a MessagePack value, as its first byte tells it.</summary>
internal enum MsgPackType
{
    /// <summary>0xC1: the one byte the spec reserves and never uses.</summary>
    NeverUsed,

    /// <summary>nil.</summary>
    Nil,

    /// <summary>false and true.</summary>
    Boolean,

    /// <summary>positive and negative fixint, uint 8-64, int 8-64.</summary>
    Integer,

    /// <summary>float 32 and float 64.</summary>
    Float,

    /// <summary>fixstr, str 8-32 (the "raw" type of the old spec).</summary>
    String,

    /// <summary>bin 8-32.</summary>
    Binary,

    /// <summary>fixarray, array 16 and 32.</summary>
    Array,

    /// <summary>fixmap, map 16 and 32.</summary>
    Map,

    /// <summary>fixext 1-16, ext 8-32: application types, which numcodecs never writes.</summary>
    Extension,
}

/// <summary>
/// The first bytes of MessagePack values (https://github.com/msgpack/msgpack/blob/master/spec.md, "Formats"). The
/// fix formats carry their value or length in the low bits of the byte; the others are followed by a big-endian
/// payload or length of the size their name says.
/// </summary>
internal static class MsgPackCode
{
    public const byte MaxPositiveFixInt = 0x7F; // 0xxxxxxx: 0 to 127
    public const byte FixMap = 0x80;            // 1000xxxx: up to 15 entries
    public const byte FixArray = 0x90;          // 1001xxxx: up to 15 items
    public const byte FixStr = 0xA0;            // 101xxxxx: up to 31 bytes
    public const byte Nil = 0xC0;
    public const byte NeverUsed = 0xC1;
    public const byte False = 0xC2;
    public const byte True = 0xC3;
    public const byte Bin8 = 0xC4;
    public const byte Bin16 = 0xC5;
    public const byte Bin32 = 0xC6;
    public const byte Ext8 = 0xC7;
    public const byte Ext16 = 0xC8;
    public const byte Ext32 = 0xC9;
    public const byte Float32 = 0xCA;
    public const byte Float64 = 0xCB;
    public const byte UInt8 = 0xCC;
    public const byte UInt16 = 0xCD;
    public const byte UInt32 = 0xCE;
    public const byte UInt64 = 0xCF;
    public const byte Int8 = 0xD0;
    public const byte Int16 = 0xD1;
    public const byte Int32 = 0xD2;
    public const byte Int64 = 0xD3;
    public const byte FixExt1 = 0xD4;
    public const byte FixExt16 = 0xD8;
    public const byte Str8 = 0xD9;
    public const byte Str16 = 0xDA;
    public const byte Str32 = 0xDB;
    public const byte Array16 = 0xDC;
    public const byte Array32 = 0xDD;
    public const byte Map16 = 0xDE;
    public const byte Map32 = 0xDF;
    public const byte MinNegativeFixInt = 0xE0; // 111xxxxx: -32 to -1

    public const int MaxFixStrLength = 31;      // bytes
    public const int MaxFixCount = 15;          // items of a fixarray, entries of a fixmap
    public const int MinNegativeFixIntValue = -32;

    /// <summary>The family of the value that starts with <paramref name="code"/>.</summary>
    public static MsgPackType TypeOf(byte code) => code switch
    {
        <= MaxPositiveFixInt => MsgPackType.Integer,
        < FixArray => MsgPackType.Map,
        < FixStr => MsgPackType.Array,
        < Nil => MsgPackType.String,
        Nil => MsgPackType.Nil,
        NeverUsed => MsgPackType.NeverUsed,
        False or True => MsgPackType.Boolean,
        >= Bin8 and <= Bin32 => MsgPackType.Binary,
        >= Ext8 and <= Ext32 => MsgPackType.Extension,
        Float32 or Float64 => MsgPackType.Float,
        >= UInt8 and <= Int64 => MsgPackType.Integer,
        >= FixExt1 and <= FixExt16 => MsgPackType.Extension,
        >= Str8 and <= Str32 => MsgPackType.String,
        Array16 or Array32 => MsgPackType.Array,
        Map16 or Map32 => MsgPackType.Map,
        _ => MsgPackType.Integer, // negative fixint, 0xE0 to 0xFF
    };

    /// <summary>The spec's name for the format that starts with <paramref name="code"/>, for error messages.</summary>
    public static string NameOf(byte code) => code switch
    {
        <= MaxPositiveFixInt => "positive fixint",
        < FixArray => "fixmap",
        < FixStr => "fixarray",
        < Nil => "fixstr",
        Nil => "nil",
        NeverUsed => "never-used byte 0xC1",
        False => "false",
        True => "true",
        Bin8 => "bin 8",
        Bin16 => "bin 16",
        Bin32 => "bin 32",
        Ext8 => "ext 8",
        Ext16 => "ext 16",
        Ext32 => "ext 32",
        Float32 => "float 32",
        Float64 => "float 64",
        UInt8 => "uint 8",
        UInt16 => "uint 16",
        UInt32 => "uint 32",
        UInt64 => "uint 64",
        Int8 => "int 8",
        Int16 => "int 16",
        Int32 => "int 32",
        Int64 => "int 64",
        >= FixExt1 and <= FixExt16 => $"fixext {1 << (code - FixExt1)}",
        Str8 => "str 8",
        Str16 => "str 16",
        Str32 => "str 32",
        Array16 => "array 16",
        Array32 => "array 32",
        Map16 => "map 16",
        Map32 => "map 32",
        _ => "negative fixint",
    };
}
