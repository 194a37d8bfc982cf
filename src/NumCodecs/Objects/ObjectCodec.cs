using System.Buffers;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>
/// A codec from object arrays to bytes, as numcodecs' object codecs (<c>vlen-utf8</c>, <c>vlen-bytes</c>,
/// <c>vlen-array</c>, <c>json2</c>, <c>msgpack2</c>, and <c>categorize</c> for <c>|O</c> data) are: the first filter of a
/// Zarr array whose dtype is <c>|O</c>. Build them from configs with <see cref="CodecRegistry.GetObjectCodec(JsonObject)"/>.
/// </summary>
/// <remarks>
/// Object codecs are immutable and thread-safe. Decoding checks every length and count against the input before
/// allocating for it, and stops at <see cref="MaxItemCount"/> items.
/// </remarks>
public abstract class ObjectCodec : IEquatable<ObjectCodec>
{
    private int _maxItemCount = Array.MaxLength;

    /// <summary>The codec's id, as in the <c>"id"</c> key of its config.</summary>
    public abstract string CodecId { get; }

    /// <summary>
    /// Most items a decoded array may hold; more throw <see cref="DecodedLengthLimitException"/> before the array is
    /// allocated. Defaults to <see cref="Array.MaxLength"/>. Not part of the config.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxItemCount
    {
        get => _maxItemCount;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxItemCount = value;
        }
    }

    /// <summary>The codec's config: the JSON object numcodecs' <c>get_config()</c> returns, <c>"id"</c> included.</summary>
    /// <returns>A new object.</returns>
    public abstract JsonObject GetConfig();

    /// <summary>A copy of this codec with another <see cref="MaxItemCount"/>, for codecs built from configs.</summary>
    /// <param name="maxItemCount">Most items a decoded array may hold.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public ObjectCodec WithMaxItemCount(int maxItemCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxItemCount);
        var copy = (ObjectCodec)MemberwiseClone();
        copy._maxItemCount = maxItemCount;
        return copy;
    }

    /// <summary>Encodes an object array.</summary>
    /// <param name="array">The array.</param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="ArgumentException">An item has a type or value the codec cannot encode; the message says which.</exception>
    public byte[] Encode(ObjectArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        using var writer = new PooledBufferWriter();
        EncodeCore(array, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes an object array into a buffer writer.</summary>
    /// <param name="array">The array.</param>
    /// <param name="destination">Receives the encoded bytes.</param>
    /// <exception cref="ArgumentException">An item has a type or value the codec cannot encode; the message says which.</exception>
    public void Encode(ObjectArray array, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentNullException.ThrowIfNull(destination);
        EncodeCore(array, destination);
    }

    /// <summary>Decodes bytes into an object array.</summary>
    /// <param name="source">Encoded data.</param>
    /// <returns>The array.</returns>
    /// <exception cref="CorruptDataException">The data is invalid; the message says how.</exception>
    /// <exception cref="DecodedLengthLimitException">The data holds more than <see cref="MaxItemCount"/> items.</exception>
    public ObjectArray Decode(ReadOnlySpan<byte> source) => DecodeCore(source);

    /// <summary>Whether <paramref name="other"/> is a codec with the same id and config.</summary>
    /// <param name="other">Another codec.</param>
    /// <returns><see langword="true"/> when the configs are equal.</returns>
    public bool Equals(ObjectCodec? other) =>
        other is not null &&
        (ReferenceEquals(this, other) || (CodecId == other.CodecId && JsonNode.DeepEquals(GetConfig(), other.GetConfig())));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ObjectCodec);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(GetConfig().ToJsonString());

    /// <summary>Encodes into a buffer writer: the one place each codec implements encoding.</summary>
    /// <param name="array">The array.</param>
    /// <param name="destination">Receives the encoded bytes.</param>
    protected abstract void EncodeCore(ObjectArray array, IBufferWriter<byte> destination);

    /// <summary>Decodes: the one place each codec implements decoding.</summary>
    /// <param name="source">Encoded data.</param>
    /// <returns>The array.</returns>
    protected abstract ObjectArray DecodeCore(ReadOnlySpan<byte> source);

    /// <summary>Throws <see cref="DecodedLengthLimitException"/> when <paramref name="count"/> exceeds <see cref="MaxItemCount"/>.</summary>
    /// <param name="count">An item count read from the data.</param>
    protected void CheckItemCount(long count)
    {
        if (count > MaxItemCount)
        {
            throw new DecodedLengthLimitException($"The {CodecId} data holds {count} items, more than MaxItemCount ({MaxItemCount}).");
        }
    }
}
