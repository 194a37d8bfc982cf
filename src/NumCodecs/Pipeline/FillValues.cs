using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs.Pipeline;

/// <summary>
/// Reads the <c>fill_value</c> of Zarr metadata into one element's bytes (this machine's byte order), as
/// <see cref="ChunkSpec"/> holds it.
/// </summary>
public static class FillValues
{
    /// <summary>
    /// Parses a fill value in either dialect: JSON numbers and booleans; <c>"NaN"</c>, <c>"Infinity"</c>,
    /// <c>"-Infinity"</c> and v3's <c>"0x..."</c> bit patterns for floats; <c>[real, imaginary]</c> for complex
    /// numbers; a list of byte values for v3 raw types; v2's base64 text for <c>S</c> and <c>V</c> types and plain text for <c>U</c>; null (v2's
    /// "no fill value") as zeros.
    /// </summary>
    /// <param name="fillValue">The metadata's <c>fill_value</c>.</param>
    /// <param name="dataType">The array's data type.</param>
    /// <returns>One element, in this machine's byte order.</returns>
    /// <exception cref="FormatException">The value does not fit the data type; the message says why.</exception>
    public static byte[] Parse(JsonNode? fillValue, DType dataType)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        var element = new byte[dataType.ItemSize];
        if (fillValue is null)
        {
            return element;
        }

        switch (dataType.Kind)
        {
            case DTypeKind.Boolean:
                element[0] = fillValue.GetValueKind() switch
                {
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    JsonValueKind.Number when ReadInteger(fillValue, dataType) is 0 or 1 => (byte)ReadInteger(fillValue, dataType),
                    _ => throw Invalid(fillValue, dataType, "expected true or false"),
                };
                break;
            case DTypeKind.SignedInteger or DTypeKind.UnsignedInteger or DTypeKind.DateTime or DTypeKind.TimeDelta:
                WriteInteger(fillValue, dataType, element);
                break;
            case DTypeKind.FloatingPoint:
                WriteFloat(fillValue, dataType, element, dataType.ItemSize);
                break;
            case DTypeKind.Complex:
                if (fillValue is not JsonArray { Count: 2 } pair)
                {
                    throw Invalid(fillValue, dataType, "expected [real, imaginary]");
                }

                int half = dataType.ItemSize / 2;
                WriteFloat(pair[0], dataType, element.AsSpan(0, half), half);
                WriteFloat(pair[1], dataType, element.AsSpan(half), half);
                break;
            case DTypeKind.Void or DTypeKind.Bytes when fillValue is JsonArray bytes:
                if (bytes.Count != element.Length)
                {
                    throw Invalid(fillValue, dataType, $"expected {element.Length} byte values");
                }

                for (int i = 0; i < element.Length; i++)
                {
                    element[i] = NumCodecs.Internal.CodecConfigReader.TryGetInt32(bytes[i], out int value) && value is >= 0 and <= 255
                        ? (byte)value
                        : throw Invalid(fillValue, dataType, $"item {i} is not a byte value (0 to 255)");
                }

                break;
            case DTypeKind.Unicode when fillValue is JsonValue unicode && unicode.TryGetValue(out string? characters):
                // zarr-python 2 writes a U fill value as its text: UCS-4 code units, zero-padded to the item size.
                int[] codePoints = [.. EnumerateRunes(characters)];
                if (codePoints.Length * 4 > element.Length)
                {
                    throw Invalid(fillValue, dataType, $"{codePoints.Length} characters do not fit {element.Length / 4}");
                }

                for (int i = 0; i < codePoints.Length; i++)
                {
                    BitConverter.TryWriteBytes(element.AsSpan(i * 4), codePoints[i]);
                }

                break;
            case DTypeKind.Void or DTypeKind.Bytes when fillValue is JsonValue text && text.TryGetValue(out string? base64):
                // v2 writes fixed-length bytes as base64 of the element.
                byte[] decoded;
                try
                {
                    decoded = Convert.FromBase64String(base64);
                }
                catch (FormatException)
                {
                    throw Invalid(fillValue, dataType, "expected base64 text");
                }

                decoded.AsSpan(0, Math.Min(decoded.Length, element.Length)).CopyTo(element);
                break;
            case DTypeKind.PythonObject:
                break; // variable-length items: the fill value (v3's "" for strings) is an item, not element bytes
            case DTypeKind.Unicode or DTypeKind.Bytes or DTypeKind.Void when fillValue.GetValueKind() == JsonValueKind.Number && ReadInteger(fillValue, dataType) == 0:
                break; // zarr-python 2 writes 0 for some text types
            default:
                throw Invalid(fillValue, dataType, "this data type takes no such fill value");
        }

        return element;
    }

    private static IEnumerable<int> EnumerateRunes(string text)
    {
        foreach (System.Text.Rune rune in text.EnumerateRunes())
        {
            yield return rune.Value;
        }
    }

    private static long ReadInteger(JsonNode node, DType dataType) =>
        JsonNumbers.Text(node) is string text && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer)
            ? integer
            : throw Invalid(node, dataType, "expected an integer");


    private static void WriteInteger(JsonNode node, DType dataType, Span<byte> element)
    {
        string text = JsonNumbers.Text(node) ?? throw Invalid(node, dataType, "expected an integer");
        bool signed = dataType.Kind != DTypeKind.UnsignedInteger;
        int bits = dataType.ItemSize * 8;
        if (signed && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long s))
        {
            long min = bits == 64 ? long.MinValue : -(1L << (bits - 1));
            long max = bits == 64 ? long.MaxValue : (1L << (bits - 1)) - 1;
            if (s < min || s > max)
            {
                throw Invalid(node, dataType, $"outside {min} to {max}");
            }

            Span<byte> all = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(all, s);
            all[..dataType.ItemSize].CopyTo(element);
        }
        else if (!signed && text.StartsWith('-') && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw Invalid(node, dataType, $"outside 0 to {(bits == 64 ? ulong.MaxValue : (1UL << bits) - 1)}");
        }
        else if (!signed && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong u))
        {
            ulong max = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
            if (u > max)
            {
                throw Invalid(node, dataType, $"outside 0 to {max}");
            }

            Span<byte> all = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(all, u);
            all[..dataType.ItemSize].CopyTo(element);
        }
        else
        {
            throw Invalid(node, dataType, "expected an integer in the type's range");
        }

        if (!BitConverter.IsLittleEndian)
        {
            element.Reverse();
        }
    }

    private static void WriteFloat(JsonNode? node, DType dataType, Span<byte> element, int size)
    {
        double number;
        if (node is JsonValue value && value.TryGetValue(out string? text))
        {
            if (text.StartsWith("0x", StringComparison.Ordinal))
            {
                // v3: the element's bits in hexadecimal, most significant first.
                if (text.Length != 2 + (size * 2) ||
                    !ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong bits))
                {
                    throw Invalid(node, dataType, $"a bit pattern of a {size}-byte float has {size * 2} hex digits after 0x");
                }

                Span<byte> all = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(all, bits);
                all[..size].CopyTo(element);
                if (!BitConverter.IsLittleEndian)
                {
                    element.Reverse();
                }

                return;
            }

            if (text == "NaN")
            {
                // The v3 spec's NaN is the positive quiet NaN (0x7fc00000 for float32), as numpy and JavaScript write
                // it; .NET's double.NaN has the sign bit set.
                ulong quiet = size switch { 2 => 0x7e00, 4 => 0x7fc0_0000, _ => 0x7ff8_0000_0000_0000 };
                Span<byte> nanBits = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(nanBits, quiet);
                nanBits[..size].CopyTo(element);
                if (!BitConverter.IsLittleEndian)
                {
                    element.Reverse();
                }

                return;
            }

            number = text switch
            {
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                _ => throw Invalid(node, dataType, "expected a number, \"NaN\", \"Infinity\", \"-Infinity\" or \"0x\" and hex digits"),
            };
        }
        else if (JsonNumbers.Text(node) is string numberText &&
                 double.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
        {
            number = d;
        }
        else
        {
            throw Invalid(node, dataType, "expected a number");
        }

        switch (size)
        {
            case 2:
                BitConverter.TryWriteBytes(element, (Half)number);
                break;
            case 4:
                BitConverter.TryWriteBytes(element, (float)number);
                break;
            case 8:
                BitConverter.TryWriteBytes(element, number);
                break;
            default:
                throw Invalid(node, dataType, $"{size}-byte floats are not supported");
        }
    }

    private static FormatException Invalid(JsonNode? node, DType dataType, string why) =>
        new($"The fill value {node?.ToJsonString() ?? "null"} does not fit data type {dataType.ZarrV3Name ?? dataType.ToString()}: {why}.");
}
