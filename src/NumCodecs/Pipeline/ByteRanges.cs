using NumCodecs.IO;

namespace NumCodecs.Pipeline;

/// <summary>Reads whole sources and exact ranges, with the failures a short source deserves.</summary>
internal static class ByteRanges
{
    private const int FirstPieceLength = 64 * 1024; // bytes: the first read of a source whose length is unknown

    /// <summary>
    /// All of <paramref name="source"/>. A source of unknown length is read in doubling pieces until it ends, so that
    /// memory follows what is there rather than what anything claims.
    /// </summary>
    public static byte[] ReadAll(IByteRangeSource source)
    {
        if (source.TryGetLength(out long length))
        {
            byte[] all = NewBuffer(length);
            ReadExactly(source, 0, all);
            return all;
        }

        var pieces = new List<byte[]>();
        long total = 0;
        int pieceLength = FirstPieceLength;
        while (true)
        {
            var piece = new byte[pieceLength];
            int read = ReadFully(source, total, piece);
            total += read;
            pieces.Add(read == piece.Length ? piece : piece[..read]);
            if (read < piece.Length)
            {
                return Join(pieces, total);
            }

            pieceLength = (int)Math.Min((long)pieceLength * 2, Array.MaxLength - total);
            if (pieceLength == 0)
            {
                throw new CorruptDataException($"The source holds more than {Array.MaxLength} bytes, the most one chunk may.");
            }
        }
    }

    /// <summary>All of <paramref name="source"/>, read asynchronously like <see cref="ReadAll"/>.</summary>
    public static async ValueTask<byte[]> ReadAllAsync(IByteRangeSource source, CancellationToken cancellationToken)
    {
        if (source.TryGetLength(out long length))
        {
            byte[] all = NewBuffer(length);
            await ReadExactlyAsync(source, 0, all, cancellationToken).ConfigureAwait(false);
            return all;
        }

        var pieces = new List<byte[]>();
        long total = 0;
        int pieceLength = FirstPieceLength;
        while (true)
        {
            var piece = new byte[pieceLength];
            int read = await ReadFullyAsync(source, total, piece, cancellationToken).ConfigureAwait(false);
            total += read;
            pieces.Add(read == piece.Length ? piece : piece[..read]);
            if (read < piece.Length)
            {
                return Join(pieces, total);
            }

            pieceLength = (int)Math.Min((long)pieceLength * 2, Array.MaxLength - total);
            if (pieceLength == 0)
            {
                throw new CorruptDataException($"The source holds more than {Array.MaxLength} bytes, the most one chunk may.");
            }
        }
    }

    /// <summary>Reads exactly <c>destination.Length</c> bytes at <paramref name="offset"/>, or throws.</summary>
    public static void ReadExactly(IByteRangeSource source, long offset, Span<byte> destination)
    {
        int read = ReadFully(source, offset, destination);
        if (read < destination.Length)
        {
            throw Short(offset, destination.Length, read);
        }
    }

    /// <summary>Reads exactly <c>destination.Length</c> bytes at <paramref name="offset"/> asynchronously, or throws.</summary>
    public static async ValueTask ReadExactlyAsync(IByteRangeSource source, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        int read = await ReadFullyAsync(source, offset, destination, cancellationToken).ConfigureAwait(false);
        if (read < destination.Length)
        {
            throw Short(offset, destination.Length, read);
        }
    }

    /// <summary>Reads until <paramref name="destination"/> is full or the source ends; returns the bytes read.</summary>
    public static int ReadFully(IByteRangeSource source, long offset, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = source.Read(offset + total, destination[total..]);
            if (read <= 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static async ValueTask<int> ReadFullyAsync(IByteRangeSource source, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = await source.ReadAsync(offset + total, destination[total..], cancellationToken).ConfigureAwait(false);
            if (read <= 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static byte[] NewBuffer(long length) =>
        length <= Array.MaxLength
            ? (length == 0 ? [] : GC.AllocateUninitializedArray<byte>((int)length))
            : throw new CorruptDataException($"The source holds {length} bytes, more than the {Array.MaxLength} one chunk may.");

    private static byte[] Join(List<byte[]> pieces, long total)
    {
        if (pieces.Count == 1)
        {
            return pieces[0];
        }

        byte[] all = GC.AllocateUninitializedArray<byte>((int)total);
        int at = 0;
        foreach (byte[] piece in pieces)
        {
            piece.CopyTo(all, at);
            at += piece.Length;
        }

        return all;
    }

    private static CorruptDataException Short(long offset, int wanted, int read) =>
        new($"The source ends {read} bytes into the {wanted} bytes at offset {offset}.");
}
