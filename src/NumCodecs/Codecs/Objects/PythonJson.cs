using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace NumCodecs;

/// <summary>
/// JSON text exactly as Python's <c>json</c> module writes and reads it: its float repr, its escapes, its NaN and
/// Infinity literals, its indentation and separators. Used by the <c>json2</c> codec.
/// </summary>
internal static class PythonJson
{
    /// <summary>Python's <c>float('nan')</c>: the quiet NaN without the sign bit that .NET's <see cref="double.NaN"/> has.</summary>
    public static readonly double PythonNaN = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0000);

    /// <summary>Nesting deeper than this is refused when reading, so hostile input cannot exhaust the stack.</summary>
    public const int MaxDepth = 1000;

    /// <summary>
    /// Most digits an integer literal may have: Python's default limit for integer string conversion
    /// (<c>sys.get_int_max_str_digits()</c>), beyond which its <c>json.loads</c> raises.
    /// </summary>
    public const int MaxIntegerDigits = 4300;

    /// <summary>Python's <c>repr(float)</c>: the shortest digits that round-trip, fixed notation for decimal exponents -4..15.</summary>
    public static string FloatRepr(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // .NET's "R" gives the shortest digits that round-trip, as Python's repr does; only the layout differs.
        (string digits, int exponent) = SplitDigits(Math.Abs(value).ToString("R", CultureInfo.InvariantCulture));
        var text = new StringBuilder();
        if (value < 0)
        {
            text.Append('-');
        }

        int decimalPoint = exponent + 1; // digits d1 d2 ... with the point after decimalPoint of them
        if (decimalPoint is > -4 and <= 16)
        {
            if (decimalPoint <= 0)
            {
                text.Append("0.").Append('0', -decimalPoint).Append(digits);
            }
            else if (decimalPoint >= digits.Length)
            {
                text.Append(digits).Append('0', decimalPoint - digits.Length).Append(".0");
            }
            else
            {
                text.Append(digits, 0, decimalPoint).Append('.').Append(digits, decimalPoint, digits.Length - decimalPoint);
            }
        }
        else
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }

            text.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    // The significant digits (no leading or trailing zeros) and decimal exponent of a positive number printed by "R".
    private static (string Digits, int Exponent) SplitDigits(string roundTrip)
    {
        int e = roundTrip.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? roundTrip : roundTrip[..e];
        int exponent = e < 0 ? 0 : int.Parse(roundTrip.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int point = mantissa.IndexOf('.', StringComparison.Ordinal);
        string whole = point < 0 ? mantissa : mantissa[..point];
        string fraction = point < 0 ? string.Empty : mantissa[(point + 1)..];
        string all = whole + fraction;
        int leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0')
        {
            leading++;
        }

        string digits = all[leading..].TrimEnd('0');
        // mantissa = 0.all * 10^whole.Length; the first significant digit sits at 10^(whole.Length - 1 - leading).
        return (digits.Length == 0 ? "0" : digits, exponent + whole.Length - 1 - leading);
    }

    /// <summary>The options of Python's <c>json.JSONEncoder</c> that change the text.</summary>
    public sealed record EncoderOptions(
        bool SkipKeys, bool EnsureAscii, bool AllowNan, bool SortKeys, string? Indent, string ItemSeparator, string KeySeparator);

    /// <summary>Writes <paramref name="value"/> as <c>json.dumps</c> would.</summary>
    public static void Write(StringBuilder text, object? value, EncoderOptions options, int level = 0)
    {
        // Deeper nesting than the reader accepts would write text that cannot be read back, and a list that contains
        // itself would never end.
        if (level > MaxDepth)
        {
            throw new ArgumentException($"The items nest deeper than {MaxDepth} levels (or refer to themselves).");
        }

        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case bool b:
                text.Append(b ? "true" : "false");
                return;
            case string s:
                WriteString(text, s, options.EnsureAscii);
                return;
            case double or float or Half:
                WriteFloat(text, Convert.ToDouble(value, CultureInfo.InvariantCulture), options);
                return;
            case sbyte or byte or short or ushort or int or uint or long or ulong or BigInteger:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case byte[]:
                throw new ArgumentException("Byte arrays are not JSON serializable (json2 encodes numbers, strings, lists, maps, booleans and null).");
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                WriteObject(text, pairs.Select(p => KeyValuePair.Create((object)p.Key, p.Value)), options, level);
                return;
            case IEnumerable<KeyValuePair<object, object?>> pairs:
                WriteObject(text, pairs, options, level);
                return;
            case IDictionary dictionary:
                WriteObject(text, Entries(dictionary), options, level);
                return;
            case IEnumerable items:
                WriteArray(text, items.Cast<object?>(), options, level);
                return;
            default:
                throw new ArgumentException($"Object of type {value.GetType().Name} is not JSON serializable.");
        }
    }

    /// <summary>The entries of a non-generic dictionary, in its order.</summary>
    public static IEnumerable<KeyValuePair<object, object?>> Entries(IDictionary dictionary)
    {
        IDictionaryEnumerator entry = dictionary.GetEnumerator();
        while (entry.MoveNext())
        {
            yield return KeyValuePair.Create(entry.Key, entry.Value);
        }
    }

    /// <summary>Writes a list, as the encoder writes lists and tuples.</summary>
    public static void WriteArray(StringBuilder text, IEnumerable<object?> items, EncoderOptions options, int level)
    {
        text.Append('[');
        bool first = true;
        foreach (object? item in items)
        {
            WriteSeparator(text, options, level + 1, first);
            first = false;
            Write(text, item, options, level + 1);
        }

        WriteClose(text, options, level, first, ']');
    }

    private static void WriteObject(StringBuilder text, IEnumerable<KeyValuePair<object, object?>> entries, EncoderOptions options, int level)
    {
        var pairs = new List<KeyValuePair<string, object?>>();
        foreach ((object key, object? value) in entries)
        {
            string? name = key switch
            {
                string s => s,
                bool b => b ? "true" : "false",
                double or float or Half => FloatKey(Convert.ToDouble(key, CultureInfo.InvariantCulture), options),
                sbyte or byte or short or ushort or int or uint or long or ulong or BigInteger => Convert.ToString(key, CultureInfo.InvariantCulture),
                _ when options.SkipKeys => null,
                _ => throw new ArgumentException($"Keys must be str, int, float, bool or None, not {key.GetType().Name}."),
            };
            if (name is not null)
            {
                pairs.Add(KeyValuePair.Create(name, value));
            }
        }

        if (options.SortKeys)
        {
            pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key)); // Python compares str by code point, as ordinal UTF-16 does outside surrogates
        }

        text.Append('{');
        bool first = true;
        foreach ((string key, object? value) in pairs)
        {
            WriteSeparator(text, options, level + 1, first);
            first = false;
            WriteString(text, key, options.EnsureAscii);
            text.Append(options.KeySeparator);
            Write(text, value, options, level + 1);
        }

        WriteClose(text, options, level, first, '}');
    }

    private static string FloatKey(double value, EncoderOptions options)
    {
        var key = new StringBuilder();
        WriteFloat(key, value, options);
        return key.ToString();
    }

    private static void WriteSeparator(StringBuilder text, EncoderOptions options, int level, bool first)
    {
        if (!first)
        {
            text.Append(options.ItemSeparator);
        }

        if (options.Indent is not null)
        {
            text.Append('\n');
            for (int i = 0; i < level; i++)
            {
                text.Append(options.Indent);
            }
        }
    }

    private static void WriteClose(StringBuilder text, EncoderOptions options, int level, bool empty, char close)
    {
        if (!empty && options.Indent is not null)
        {
            text.Append('\n');
            for (int i = 0; i < level; i++)
            {
                text.Append(options.Indent);
            }
        }

        text.Append(close);
    }

    private static void WriteFloat(StringBuilder text, double value, EncoderOptions options)
    {
        if (!double.IsFinite(value))
        {
            if (!options.AllowNan)
            {
                throw new ArgumentException($"Out of range float values are not JSON compliant: {FloatRepr(value)} (allow_nan is false).");
            }

            text.Append(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
            return;
        }

        text.Append(FloatRepr(value));
    }

    private static void WriteString(StringBuilder text, string value, bool ensureAscii)
    {
        text.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default:
                    if (c < ' ' || (ensureAscii && c > '~'))
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append('"');
    }

    /// <summary>Reads JSON text as <c>json.loads</c> does (NaN, Infinity and -Infinity included).</summary>
    /// <param name="text">The text.</param>
    /// <param name="strict">Python's <c>strict</c>: whether control characters inside strings are refused.</param>
    /// <returns>The value: null, bool, long/ulong/BigInteger, double, string, List of objects, or Dictionary of string to object.</returns>
    /// <exception cref="CorruptDataException">The text is not valid JSON; the message gives the position.</exception>
    public static object? Read(string text, bool strict)
    {
        var reader = new Reader(text, strict);
        reader.SkipWhitespace();
        object? value = reader.ReadValue(0);
        reader.SkipWhitespace();
        if (!reader.AtEnd)
        {
            throw reader.Error("extra data after the JSON value");
        }

        return value;
    }

    private ref struct Reader(string text, bool strict)
    {
        private int _position;

        public readonly bool AtEnd => _position == text.Length;

        public void SkipWhitespace()
        {
            while (_position < text.Length && text[_position] is ' ' or '\t' or '\n' or '\r')
            {
                _position++;
            }
        }

        public readonly CorruptDataException Error(string what) =>
            new($"The json2 data is not valid JSON: {what} at character {_position}.");

        public object? ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error($"nesting deeper than {MaxDepth} levels");
            }

            if (AtEnd)
            {
                throw Error("a value was expected, but the text ends");
            }

            char c = text[_position];
            switch (c)
            {
                case '"':
                    return ReadString();
                case '[':
                    return ReadArray(depth);
                case '{':
                    return ReadObject(depth);
                case 'n' when Take("null"):
                    return null;
                case 't' when Take("true"):
                    return true;
                case 'f' when Take("false"):
                    return false;
                case 'N' when Take("NaN"):
                    return PythonNaN;
                case 'I' when Take("Infinity"):
                    return double.PositiveInfinity;
                case '-' when Take("-Infinity"):
                    return double.NegativeInfinity;
                default:
                    if (c == '-' || char.IsAsciiDigit(c))
                    {
                        return ReadNumber();
                    }

                    throw Error($"unexpected character '{c}'");
            }
        }

        private bool Take(string literal)
        {
            if (string.CompareOrdinal(text, _position, literal, 0, literal.Length) == 0)
            {
                _position += literal.Length;
                return true;
            }

            return false;
        }

        private object ReadNumber()
        {
            int start = _position;
            if (text[_position] == '-')
            {
                _position++;
            }

            if (AtEnd || !char.IsAsciiDigit(text[_position]))
            {
                throw Error("a digit was expected");
            }

            // Python's number pattern: -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?
            if (text[_position] == '0')
            {
                _position++;
            }
            else
            {
                SkipDigits();
            }

            bool isFloat = false;
            if (_position + 1 < text.Length && text[_position] == '.' && char.IsAsciiDigit(text[_position + 1]))
            {
                isFloat = true;
                _position++;
                SkipDigits();
            }

            if (_position < text.Length && text[_position] is 'e' or 'E')
            {
                int mark = _position;
                _position++;
                if (_position < text.Length && text[_position] is '+' or '-')
                {
                    _position++;
                }

                if (_position < text.Length && char.IsAsciiDigit(text[_position]))
                {
                    isFloat = true;
                    SkipDigits();
                }
                else
                {
                    _position = mark; // not an exponent: the number ends before the 'e'
                }
            }

            string number = text[start.._position];
            if (isFloat)
            {
                return double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            int digits = number.Length - (number[0] == '-' ? 1 : 0);
            if (digits > MaxIntegerDigits)
            {
                // Python refuses these too (ValueError), and parsing one costs time quadratic in its length.
                throw Error($"an integer of {digits} digits exceeds Python's limit of {MaxIntegerDigits} digits for integer string conversion");
            }

            if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole))
            {
                return whole;
            }

            return ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out ulong large)
                ? (object)large
                : BigInteger.Parse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        private void SkipDigits()
        {
            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }
        }

        private string ReadString()
        {
            _position++; // the opening quote
            var value = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("unterminated string");
                }

                char c = text[_position++];
                if (c == '"')
                {
                    return value.ToString();
                }

                if (c == '\\')
                {
                    if (AtEnd)
                    {
                        throw Error("unterminated escape");
                    }

                    char escape = text[_position++];
                    switch (escape)
                    {
                        case '"': value.Append('"'); break;
                        case '\\': value.Append('\\'); break;
                        case '/': value.Append('/'); break;
                        case 'b': value.Append('\b'); break;
                        case 'f': value.Append('\f'); break;
                        case 'n': value.Append('\n'); break;
                        case 'r': value.Append('\r'); break;
                        case 't': value.Append('\t'); break;
                        case 'u':
                            if (_position + 4 > text.Length ||
                                !ushort.TryParse(text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code))
                            {
                                throw Error("invalid \\uXXXX escape");
                            }

                            value.Append((char)code);
                            _position += 4;
                            break;
                        default:
                            throw Error($"invalid escape '\\{escape}'");
                    }

                    continue;
                }

                if (strict && c < ' ')
                {
                    throw Error("invalid control character in a string (strict is true)");
                }

                value.Append(c);
            }
        }

        private List<object?> ReadArray(int depth)
        {
            _position++; // '['
            var items = new List<object?>();
            SkipWhitespace();
            if (!AtEnd && text[_position] == ']')
            {
                _position++;
                return items;
            }

            while (true)
            {
                SkipWhitespace();
                items.Add(ReadValue(depth + 1));
                SkipWhitespace();
                if (AtEnd)
                {
                    throw Error("unterminated list");
                }

                char c = text[_position++];
                if (c == ']')
                {
                    return items;
                }

                if (c != ',')
                {
                    throw Error("',' or ']' was expected");
                }
            }
        }

        private Dictionary<string, object?> ReadObject(int depth)
        {
            _position++; // '{'
            var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
            SkipWhitespace();
            if (!AtEnd && text[_position] == '}')
            {
                _position++;
                return entries;
            }

            while (true)
            {
                SkipWhitespace();
                if (AtEnd || text[_position] != '"')
                {
                    throw Error("a property name in double quotes was expected");
                }

                string key = ReadString();
                SkipWhitespace();
                if (AtEnd || text[_position++] != ':')
                {
                    throw Error("':' was expected");
                }

                SkipWhitespace();
                object? value = ReadValue(depth + 1);
                entries[key] = value; // a repeated key keeps its first position and takes the later value, as in a Python dict
                SkipWhitespace();
                if (AtEnd)
                {
                    throw Error("unterminated object");
                }

                char c = text[_position++];
                if (c == '}')
                {
                    return entries;
                }

                if (c != ',')
                {
                    throw Error("',' or '}' was expected");
                }
            }
        }
    }
}
