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

    /// <summary>
    /// An identity of these bytes that stays the same across sources over them (a file's path, length and
    /// modification time; a store key and its version), so that caches of decoded data
    /// (<see cref="Blosc.BloscBlockCache"/>) serve later reads through new sources; null, the default, for none: such
    /// a source's blocks are cached under the source itself.
    /// </summary>
    object? CacheKey => null;

    /// <summary>
    /// Reads the last <c>destination.Length</c> bytes of the source (all of it when shorter) and learns its length, as an
    /// HTTP suffix range request does in one round trip. The default needs <see cref="TryGetLength"/>; sources that
    /// can read a suffix without knowing their length (object stores) override it.
    /// </summary>
    /// <param name="destination">Where the bytes go; the first <see cref="SuffixRead.BytesRead"/> bytes are the source's last ones.</param>
    /// <returns>Bytes read, and the source's length.</returns>
    /// <exception cref="NotSupportedException">The source knows neither its length nor how to read a suffix.</exception>
    SuffixRead ReadSuffix(Span<byte> destination)
    {
        if (!TryGetLength(out long length))
        {
            throw new NotSupportedException(
                $"{GetType().Name} knows neither its length nor how to read its last bytes; implement TryGetLength or ReadSuffix.");
        }

        long start = Math.Max(0, length - destination.Length);
        int wanted = (int)(length - start);
        int total = 0;
        while (total < wanted)
        {
            int read = Read(start + total, destination[total..wanted]);
            if (read <= 0)
            {
                break;
            }

            total += read;
        }

        return new SuffixRead(total, length);
    }

    /// <summary>
    /// Reads the last bytes of the source like <see cref="ReadSuffix"/>, asynchronously. The default reads by
    /// <see cref="ReadAsync"/> where the length is known, and calls <see cref="ReadSuffix"/> otherwise.
    /// </summary>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Bytes read, and the source's length.</returns>
    /// <exception cref="NotSupportedException">The source knows neither its length nor how to read a suffix.</exception>
    async ValueTask<SuffixRead> ReadSuffixAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (!TryGetLength(out long length))
        {
            // A source that reads suffixes only synchronously: that (or, by default, its NotSupportedException).
            cancellationToken.ThrowIfCancellationRequested();
            return ReadSuffix(destination.Span);
        }

        long start = Math.Max(0, length - destination.Length);
        int wanted = (int)(length - start);
        int total = 0;
        while (total < wanted)
        {
            int read = await ReadAsync(start + total, destination[total..wanted], cancellationToken).ConfigureAwait(false);
            if (read <= 0)
            {
                break;
            }

            total += read;
        }

        return new SuffixRead(total, length);
    }
}

/// <summary>What a suffix read returned.</summary>
/// <param name="BytesRead">Bytes read into the destination: the source's last ones.</param>
/// <param name="SourceLength">The source's length in bytes.</param>
public readonly record struct SuffixRead(int BytesRead, long SourceLength);

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
