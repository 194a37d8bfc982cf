using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NumCodecs.Internal;

/// <summary>
/// Integers read from JSON numbers however their node was made (parsed text, or built from an int, a long or a
/// double), by their text: no serializer, so nothing here needs reflection (the library stays trimmable and AOT-safe).
/// </summary>
internal static class JsonNumbers
{
    /// <summary>The number's JSON text, or null when the node is not a number.</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.ToJsonString() : null;

    public static bool TryGetInt32(JsonNode? node, out int result)
    {
        result = 0;
        return Text(node) is string text && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    public static bool TryGetInt64(JsonNode? node, out long result)
    {
        result = 0;
        return Text(node) is string text && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    public static bool TryGetUInt64(JsonNode? node, out ulong result)
    {
        result = 0;
        return Text(node) is string text && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out result);
    }
}
