namespace NumCodecs.IO;

/// <summary>
/// Random-access reads of byte ranges: a file, a memory-mapped file, a buffer, or anything a caller implements
/// (an HTTP server with Range requests, an object store). Implementations must allow concurrent reads.
/// </summary>
public interface IByteRangeSource
{
    /// <summary>Reads up to <c>destination.Length</c> bytes starting at <paramref name="offset"/>.</summary>
    /// <param name="offset">Byte offset in the source.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <returns>Bytes read: fewer than asked only at the end of the source, 0 past it.</returns>
    int Read(long offset, Span<byte> destination);

    /// <summary>Reads up to <c>destination.Length</c> bytes starting at <paramref name="offset"/>.</summary>
    /// <param name="offset">Byte offset in the source.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Bytes read: fewer than asked only at the end of the source, 0 past it.</returns>
    ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// The source's length, when it is known without reading (a buffer's, a file's). Readers check a header's
    /// claims against it before sizing anything by them; where it is unknown (the default), they first read the last
    /// byte a header claims, so that a short source fails before anything is allocated for it.
    /// </summary>
    /// <param name="length">The length in bytes, when known.</param>
    /// <returns><see langword="true"/> when the length is known.</returns>
    bool TryGetLength(out long length)
    {
        length = 0;
        return false;
    }
}

/// <summary>
/// A source whose bytes are already addressable in memory (a buffer, a memory-mapped file): readers decode straight
/// from it, without copying compressed bytes.
/// </summary>
public interface IDirectByteRangeSource : IByteRangeSource
{
    /// <summary>The bytes <c>[offset, offset + length)</c> in place, when the source holds them all.</summary>
    /// <param name="offset">Byte offset in the source.</param>
    /// <param name="length">Number of bytes.</param>
    /// <param name="span">The bytes; valid while the source is alive.</param>
    /// <returns><see langword="false"/> when the range runs past the end of the source.</returns>
    bool TryGetSpan(long offset, int length, out ReadOnlySpan<byte> span);
}
