using System.Text;

namespace NumCodecs.Internal;

/// <summary>Text encodings that throw on what they cannot represent, instead of substituting replacement characters.</summary>
internal static class StrictText
{
    /// <summary>UTF-8 without a byte-order mark, throwing on invalid bytes and on lone surrogates.</summary>
    public static UTF8Encoding Utf8 { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
