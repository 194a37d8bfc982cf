using System.Buffers.Binary;

namespace NumCodecs;

/// <summary>Where a 32-bit checksum codec stores the checksum (numcodecs' <c>location</c>).</summary>
public enum ChecksumLocation
{
    /// <summary><c>start</c>: the 4 checksum bytes come first.</summary>
    Start,

    /// <summary><c>end</c>: the 4 checksum bytes come last.</summary>
    End,
}

/// <summary>Stored and computed checksums differ: the data was changed after it was encoded.</summary>
public sealed class ChecksumMismatchException : CorruptDataException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public ChecksumMismatchException()
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong.</param>
    public ChecksumMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ChecksumMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception naming both checksums.</summary>
    /// <param name="codecId">The checksum codec.</param>
    /// <param name="stored">The checksum found in the data.</param>
    /// <param name="computed">The checksum of the payload.</param>
    public ChecksumMismatchException(string codecId, uint stored, uint computed)
        : base($"Stored and computed {codecId} checksums do not match: stored {stored} (0x{stored:x8}), computed {computed} (0x{computed:x8}).")
    {
        Stored = stored;
        Computed = computed;
    }

    /// <summary>The checksum found in the data.</summary>
    public uint Stored { get; }

    /// <summary>The checksum of the payload.</summary>
    public uint Computed { get; }
}

/// <summary>
/// The shared shape of numcodecs' 32-bit checksum codecs: the payload unchanged, with its checksum as a 4-byte
/// little-endian unsigned integer before or after it. Decoding checks the checksum and returns the payload.
/// </summary>
public abstract class ChecksumCodec : Codec
{
    /// <summary>Bytes of the stored checksum.</summary>
    public const int ChecksumLength = sizeof(uint);

    /// <summary>Creates a checksum codec that stores its checksum at <paramref name="location"/>.</summary>
    /// <param name="location">Where the checksum goes.</param>
    private protected ChecksumCodec(ChecksumLocation location) => Location = location;

    /// <summary>Where the checksum is stored.</summary>
    public ChecksumLocation Location { get; }

    /// <summary>The checksum of <paramref name="data"/>.</summary>
    /// <param name="data">The payload.</param>
    /// <returns>The 32-bit checksum.</returns>
    public abstract uint ComputeChecksum(ReadOnlySpan<byte> data);

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sourceLength, Array.MaxLength - ChecksumLength);
        return sourceLength + ChecksumLength;
    }

    /// <inheritdoc/>
    /// <exception cref="CorruptDataException">The source is shorter than the checksum.</exception>
    public override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        length = Split(source, out _).Length;
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (source.Length > Array.MaxLength - ChecksumLength)
        {
            throw new ArgumentException($"{CodecId} encodes at most {Array.MaxLength - ChecksumLength} bytes.", nameof(source));
        }

        if (destination.Length < source.Length + ChecksumLength)
        {
            return false;
        }

        uint checksum = ComputeChecksum(source);
        int payloadOffset = Location == ChecksumLocation.Start ? ChecksumLength : 0;
        int checksumOffset = Location == ChecksumLocation.Start ? 0 : source.Length;
        source.CopyTo(destination[payloadOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[checksumOffset..], checksum);
        bytesWritten = source.Length + ChecksumLength;
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        ReadOnlySpan<byte> payload = Split(source, out uint stored);
        bytesWritten = 0;
        uint computed = ComputeChecksum(payload);
        if (computed != stored)
        {
            throw new ChecksumMismatchException(CodecId, stored, computed);
        }

        if (destination.Length < payload.Length)
        {
            return false;
        }

        payload.CopyTo(destination);
        bytesWritten = payload.Length;
        return true;
    }

    private ReadOnlySpan<byte> Split(ReadOnlySpan<byte> source, out uint stored)
    {
        if (source.Length < ChecksumLength)
        {
            throw new CorruptDataException(
                $"{CodecId} data holds a {ChecksumLength}-byte checksum, but only {source.Length} bytes were given.");
        }

        if (Location == ChecksumLocation.Start)
        {
            stored = BinaryPrimitives.ReadUInt32LittleEndian(source);
            return source[ChecksumLength..];
        }

        stored = BinaryPrimitives.ReadUInt32LittleEndian(source[^ChecksumLength..]);
        return source[..^ChecksumLength];
    }

    /// <summary>Reads the optional <c>location</c> key: null when absent.</summary>
    private protected static ChecksumLocation? ReadLocation(Internal.CodecConfigReader reader)
    {
        if (!reader.Has("location"))
        {
            return null;
        }

        return reader.GetString("location", "start") switch
        {
            "start" => ChecksumLocation.Start,
            "end" => ChecksumLocation.End,
            string other => throw new CodecConfigException("location", $"\"location\" must be \"start\" or \"end\", not \"{other}\"."),
        };
    }

    /// <summary>The JSON/Python spelling of a location.</summary>
    private protected static string Spell(ChecksumLocation location) => location == ChecksumLocation.Start ? "start" : "end";
}
