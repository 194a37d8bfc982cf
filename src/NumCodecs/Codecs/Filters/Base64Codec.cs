using System.Buffers;
using System.Buffers.Text;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>Standard base64 (RFC 4648, with padding), as numcodecs' <c>Base64</c>.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>base64</c>. Name (Zarr v3): <c>numcodecs.base64</c>.</para>
/// <para>Config: <c>{"id": "base64"}</c>.</para>
/// <para>
/// Compatibility: encodes as Python's <c>base64.standard_b64encode</c>; decodes as <c>standard_b64decode</c>, which
/// skips characters outside the base64 alphabet (line breaks, for instance) and rejects bad padding.
/// </para>
/// </remarks>
public sealed class Base64Codec : Codec
{
    /// <summary>The codec id, <c>base64</c>.</summary>
    public const string Id = "base64";

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>base64</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config has keys base64 does not take.</exception>
    public static Base64Codec FromConfig(JsonObject config)
    {
        _ = new CodecConfigReader(config, Id);
        return new Base64Codec();
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id };

    /// <inheritdoc/>
    public override string ToString() => "Base64()";

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sourceLength, Base64.GetMaxDecodedFromUtf8Length(Array.MaxLength));
        return Base64.GetMaxEncodedToUtf8Length(sourceLength);
    }

    /// <inheritdoc/>
    public override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        // Every 4 alphabet characters (padding aside) carry 3 bytes; whatever else Python would drop.
        int characters = 0;
        foreach (byte b in source)
        {
            if (b != (byte)'=' && Alphabet.Contains(b))
            {
                characters++;
            }
        }

        length = (int)((long)characters * 3 / 4);
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        OperationStatus status = Base64.EncodeToUtf8(source, destination, out _, out bytesWritten);
        if (status != OperationStatus.Done)
        {
            bytesWritten = 0; // only DestinationTooSmall can happen when encoding
            return false;
        }

        return true;
    }

    /// <inheritdoc/>
    protected override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (source.IndexOfAnyExcept(Alphabet) < 0)
        {
            return Decode(source, destination, out bytesWritten);
        }

        // Python drops every byte outside the alphabet before decoding; do the same in a pooled copy.
        byte[] rented = ArrayPool<byte>.Shared.Rent(source.Length);
        try
        {
            int kept = 0;
            foreach (byte b in source)
            {
                if (Alphabet.Contains(b))
                {
                    rented[kept++] = b;
                }
            }

            return Decode(rented.AsSpan(0, kept), destination, out bytesWritten);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static readonly SearchValues<byte> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="u8);

    private static bool Decode(ReadOnlySpan<byte> text, Span<byte> destination, out int bytesWritten)
    {
        OperationStatus status = Base64.DecodeFromUtf8(text, destination, out int consumed, out bytesWritten);
        if (status == OperationStatus.DestinationTooSmall)
        {
            bytesWritten = 0;
        }

        return status switch
        {
            OperationStatus.Done => true,
            OperationStatus.DestinationTooSmall => false,
            _ => throw new CorruptDataException(
                $"The base64 text is invalid at byte {consumed} of {text.Length} (after dropping characters outside the alphabet): incorrect padding or length."),
        };
    }
}
