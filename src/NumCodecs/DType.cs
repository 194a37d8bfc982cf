using System.Globalization;
using System.Text.RegularExpressions;

namespace NumCodecs;

/// <summary>The kind of a numpy dtype (the letter of its type string).</summary>
public enum DTypeKind
{
    /// <summary><c>b</c>: boolean.</summary>
    Boolean,

    /// <summary><c>i</c>: signed integer.</summary>
    SignedInteger,

    /// <summary><c>u</c>: unsigned integer.</summary>
    UnsignedInteger,

    /// <summary><c>f</c>: floating point.</summary>
    FloatingPoint,

    /// <summary><c>c</c>: complex floating point.</summary>
    Complex,

    /// <summary><c>m</c>: timedelta64.</summary>
    TimeDelta,

    /// <summary><c>M</c>: datetime64.</summary>
    DateTime,

    /// <summary><c>O</c>: Python object (stored as pointers; only object codecs encode these).</summary>
    PythonObject,

    /// <summary><c>S</c>: fixed-length bytes.</summary>
    Bytes,

    /// <summary><c>U</c>: fixed-length UCS-4 text.</summary>
    Unicode,

    /// <summary><c>V</c>: raw bytes (void).</summary>
    Void,
}

/// <summary>The byte order of a dtype.</summary>
public enum DTypeByteOrder
{
    /// <summary><c>|</c>: not applicable (one-byte items, bytes, text of bytes, objects).</summary>
    NotApplicable,

    /// <summary><c>&lt;</c>: little-endian.</summary>
    LittleEndian,

    /// <summary><c>&gt;</c>: big-endian.</summary>
    BigEndian,
}

/// <summary>
/// A numpy dtype as Zarr v2 metadata and numcodecs configs write it, parsed from its type string (<c>&lt;i4</c>,
/// <c>&gt;f8</c>, <c>|u1</c>, <c>|b1</c>, <c>&lt;U8</c>, <c>|S5</c>, <c>|O</c>, <c>&lt;M8[ns]</c>): kind, item size and
/// byte order.
/// </summary>
public sealed partial record DType
{
    private const int ObjectPointerSize = 8; // bytes numpy uses per object reference on 64-bit platforms
    private const int UnicodeCharacterSize = 4; // bytes per UCS-4 character

    private DType(DTypeKind kind, int itemSize, DTypeByteOrder byteOrder, string? unit)
    {
        Kind = kind;
        ItemSize = itemSize;
        ByteOrder = byteOrder;
        Unit = unit;
    }

    /// <summary>The kind.</summary>
    public DTypeKind Kind { get; }

    /// <summary>Bytes per item (for <c>&lt;U8</c>, 32: numpy counts text in 4-byte characters).</summary>
    public int ItemSize { get; }

    /// <summary>The byte order; <see cref="DTypeByteOrder.NotApplicable"/> where it cannot matter.</summary>
    public DTypeByteOrder ByteOrder { get; }

    /// <summary>The unit of a datetime64 or timedelta64 (<c>ns</c>, <c>D</c>, ...), or null.</summary>
    public string? Unit { get; }

    /// <summary>Whether multi-byte items are stored in the other order than this machine's.</summary>
    public bool IsForeignByteOrder =>
        ByteOrder == (BitConverter.IsLittleEndian ? DTypeByteOrder.BigEndian : DTypeByteOrder.LittleEndian);

    /// <summary>Parses a numpy type string.</summary>
    /// <param name="typestr">For example <c>&lt;f4</c>, <c>|u1</c>, <c>&gt;i8</c>, <c>&lt;M8[ns]</c>; <c>=</c> means this machine's order.</param>
    /// <returns>The dtype.</returns>
    /// <exception cref="FormatException">The text is not a type string numpy writes, or its size does not fit its kind.</exception>
    public static DType Parse(string typestr)
    {
        ArgumentNullException.ThrowIfNull(typestr);
        return TryParse(typestr, out DType? dtype, out string? problem)
            ? dtype
            : throw new FormatException($"'{typestr}' is not a numpy type string: {problem}.");
    }

    /// <summary>Parses a numpy type string, returning <see langword="false"/> instead of throwing.</summary>
    /// <param name="typestr">The text.</param>
    /// <param name="dtype">The dtype, when valid.</param>
    /// <returns>Whether the text is a valid type string.</returns>
    public static bool TryParse(string? typestr, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DType? dtype) =>
        TryParse(typestr, out dtype, out _);

    /// <summary>
    /// The Zarr v3 name of this data type (<c>bool</c>, <c>int8</c> .. <c>uint64</c>, <c>float16/32/64</c>,
    /// <c>complex64/128</c>, <c>r&lt;bits&gt;</c> for raw bytes), or null where the v3 core has none (datetimes,
    /// text, objects, 128-bit floats). A v3 name carries no byte order: in v3 that belongs to the <c>bytes</c> codec.
    /// </summary>
    public string? ZarrV3Name => Kind switch
    {
        DTypeKind.Boolean => "bool",
        DTypeKind.SignedInteger => $"int{ItemSize * 8}",
        DTypeKind.UnsignedInteger => $"uint{ItemSize * 8}",
        DTypeKind.FloatingPoint when ItemSize <= 8 => $"float{ItemSize * 8}",
        DTypeKind.Complex when ItemSize <= 16 => $"complex{ItemSize * 8}",
        DTypeKind.Void => $"r{(long)ItemSize * 8}",
        _ => null,
    };

    /// <summary>
    /// Parses a Zarr v3 data type name. Multi-byte types come in little-endian order, the v3 <c>bytes</c> codec's
    /// usual one; <see cref="WithByteOrder"/> gives another.
    /// </summary>
    /// <param name="name">A core v3 data type: <c>bool</c>, <c>int8</c> .. <c>uint64</c>, <c>float16</c>, <c>float32</c>,
    /// <c>float64</c>, <c>complex64</c>, <c>complex128</c>, or <c>r8</c>, <c>r16</c>, ... (raw bits, a positive multiple of 8).</param>
    /// <returns>The data type.</returns>
    /// <exception cref="FormatException">The name is not a core v3 data type.</exception>
    public static DType ParseZarrV3(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParseZarrV3(name, out DType? dtype)
            ? dtype
            : throw new FormatException(
                $"'{name}' is not a Zarr v3 data type: expected bool, int8/16/32/64, uint8/16/32/64, float16/32/64, " +
                "complex64/128 or r<bits> with bits a positive multiple of 8.");
    }

    /// <summary>Parses a Zarr v3 data type name like <see cref="ParseZarrV3"/>, returning <see langword="false"/> instead of throwing.</summary>
    /// <param name="name">The name.</param>
    /// <param name="dtype">The data type, when valid.</param>
    /// <returns>Whether the name is a core v3 data type.</returns>
    public static bool TryParseZarrV3(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DType? dtype)
    {
        dtype = null;
        if (name is null)
        {
            return false;
        }

        if (name.Length > 1 && name[0] == 'r')
        {
            // Raw bits: r8, r16, ... (numpy's V of bits / 8 bytes).
            if (!int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int bits) || bits <= 0 || bits % 8 != 0)
            {
                return false;
            }

            dtype = new DType(DTypeKind.Void, bits / 8, DTypeByteOrder.NotApplicable, unit: null);
            return true;
        }

        string? typestr = name switch
        {
            "bool" => "|b1",
            "int8" => "|i1",
            "int16" => "<i2",
            "int32" => "<i4",
            "int64" => "<i8",
            "uint8" => "|u1",
            "uint16" => "<u2",
            "uint32" => "<u4",
            "uint64" => "<u8",
            "float16" => "<f2",
            "float32" => "<f4",
            "float64" => "<f8",
            "complex64" => "<c8",
            "complex128" => "<c16",
            _ => null,
        };
        return typestr is not null && TryParse(typestr, out dtype);
    }

    /// <summary>
    /// This data type in <paramref name="byteOrder"/>; one-byte and order-free types (bytes, objects, raw) are
    /// returned as they are.
    /// </summary>
    /// <param name="byteOrder">Little- or big-endian.</param>
    /// <returns>The data type in that order.</returns>
    /// <exception cref="ArgumentException"><paramref name="byteOrder"/> is <see cref="DTypeByteOrder.NotApplicable"/> for a type whose order matters.</exception>
    public DType WithByteOrder(DTypeByteOrder byteOrder)
    {
        if (ByteOrder == DTypeByteOrder.NotApplicable || byteOrder == ByteOrder)
        {
            return this;
        }

        return byteOrder == DTypeByteOrder.NotApplicable
            ? throw new ArgumentException($"'{this}' has {ItemSize}-byte items, whose byte order matters.", nameof(byteOrder))
            : new DType(Kind, ItemSize, byteOrder, Unit);
    }

    /// <summary>The numpy type string, in numpy's canonical form (<c>|u1</c>, not <c>&lt;u1</c>).</summary>
    /// <returns>The type string.</returns>
    public override string ToString()
    {
        char order = ByteOrder switch
        {
            DTypeByteOrder.LittleEndian => '<',
            DTypeByteOrder.BigEndian => '>',
            _ => '|',
        };
        string size = Kind switch
        {
            DTypeKind.PythonObject => string.Empty,
            DTypeKind.Unicode => (ItemSize / UnicodeCharacterSize).ToString(CultureInfo.InvariantCulture),
            _ => ItemSize.ToString(CultureInfo.InvariantCulture),
        };
        string unit = Unit is null ? string.Empty : $"[{Unit}]";
        return $"{order}{KindLetter(Kind)}{size}{unit}";
    }

    private static bool TryParse(string? typestr, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DType? dtype, out string? problem)
    {
        dtype = null;
        Match match = typestr is null ? Match.Empty : Pattern().Match(typestr);
        if (!match.Success)
        {
            problem = "expected a byte order (<, >, |, =), a kind letter (b i u f c m M O S U V) and a size, such as <f4";
            return false;
        }

        DTypeKind kind = match.Groups["kind"].Value[0] switch
        {
            'b' => DTypeKind.Boolean,
            'i' => DTypeKind.SignedInteger,
            'u' => DTypeKind.UnsignedInteger,
            'f' => DTypeKind.FloatingPoint,
            'c' => DTypeKind.Complex,
            'm' => DTypeKind.TimeDelta,
            'M' => DTypeKind.DateTime,
            'O' => DTypeKind.PythonObject,
            'S' => DTypeKind.Bytes,
            'U' => DTypeKind.Unicode,
            _ => DTypeKind.Void,
        };
        string sizeText = match.Groups["size"].Value;
        int size = kind == DTypeKind.PythonObject ? ObjectPointerSize : -1; // '|O' carries no size
        if (sizeText.Length > 0 && !int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size))
        {
            problem = $"its size {sizeText} is too large";
            return false;
        }

        int[]? allowed = kind switch
        {
            DTypeKind.Boolean => [1],
            DTypeKind.SignedInteger or DTypeKind.UnsignedInteger => [1, 2, 4, 8],
            DTypeKind.FloatingPoint => [2, 4, 8, 16],
            DTypeKind.Complex => [8, 16, 32],
            DTypeKind.TimeDelta or DTypeKind.DateTime => [8],
            DTypeKind.PythonObject => [ObjectPointerSize],
            _ => null,
        };
        if (allowed is not null && !allowed.Contains(size))
        {
            problem = $"kind '{KindLetter(kind)}' comes in sizes {string.Join(", ", allowed)}, not {(size < 0 ? "none" : size)}";
            return false;
        }

        if (size < 0)
        {
            problem = $"kind '{KindLetter(kind)}' needs a size";
            return false;
        }

        string? unit = match.Groups["unit"].Success ? match.Groups["unit"].Value : null;
        if (unit is not null && kind is not (DTypeKind.DateTime or DTypeKind.TimeDelta))
        {
            problem = "only datetime64 (M) and timedelta64 (m) take a unit";
            return false;
        }

        if (kind == DTypeKind.Unicode && size > int.MaxValue / UnicodeCharacterSize)
        {
            problem = $"its size {size} is too large";
            return false;
        }

        int itemSize = kind == DTypeKind.Unicode ? size * UnicodeCharacterSize : size;
        char orderChar = match.Groups["order"].Success ? match.Groups["order"].Value[0] : '=';
        DTypeByteOrder order = orderChar switch
        {
            '<' => DTypeByteOrder.LittleEndian,
            '>' => DTypeByteOrder.BigEndian,
            '|' => DTypeByteOrder.NotApplicable,
            _ => BitConverter.IsLittleEndian ? DTypeByteOrder.LittleEndian : DTypeByteOrder.BigEndian,
        };

        // numpy writes '|' wherever order cannot matter: one-byte items, bytes, objects, void; multi-byte kinds need an order.
        bool orderless = kind is DTypeKind.Bytes or DTypeKind.PythonObject or DTypeKind.Void || (kind != DTypeKind.Unicode && itemSize == 1);
        if (orderless)
        {
            order = DTypeByteOrder.NotApplicable;
        }
        else if (order == DTypeByteOrder.NotApplicable)
        {
            // numpy never writes '|' for multi-byte items but reads it as the machine's order ('|f4' is '<f4' here).
            order = BitConverter.IsLittleEndian ? DTypeByteOrder.LittleEndian : DTypeByteOrder.BigEndian;
        }

        dtype = new DType(kind, itemSize, order, unit);
        problem = null;
        return true;
    }

    private static char KindLetter(DTypeKind kind) => kind switch
    {
        DTypeKind.Boolean => 'b',
        DTypeKind.SignedInteger => 'i',
        DTypeKind.UnsignedInteger => 'u',
        DTypeKind.FloatingPoint => 'f',
        DTypeKind.Complex => 'c',
        DTypeKind.TimeDelta => 'm',
        DTypeKind.DateTime => 'M',
        DTypeKind.PythonObject => 'O',
        DTypeKind.Bytes => 'S',
        DTypeKind.Unicode => 'U',
        _ => 'V',
    };

    [GeneratedRegex(@"^(?<order>[<>|=])?(?<kind>[biufcmMOSUV])(?<size>\d*)(\[(?<unit>[a-zA-Z]+)\])?$")]
    private static partial Regex Pattern();
}
