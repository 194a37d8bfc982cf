using System.Buffers.Binary;
using NumCodecs.Internal;
using NumCodecs.Native;
using NumCodecs.Native.SafeHandles;

namespace NumCodecs;

/// <summary>
/// zlib and gzip decoding of a whole buffer into a whole buffer with libdeflate, which inflates several times faster
/// than zlib 1.2.13 but cannot stop and resume. It answers only when it succeeds with exactly the result the streaming
/// <see cref="Inflater"/> gives; everything else (corrupt or truncated data, a destination too small, bytes after a
/// gzip member that are neither padding nor another member) is left to <see cref="Inflater"/>, whose answer and
/// messages then stand.
/// </summary>
internal static unsafe class WholeBufferInflater
{
    private const byte GZipMagic = 0x1f;
    private const byte GZipHeaderCrcFlag = 0x02; // FHCRC (RFC 1952): zlib checks the header CRC, libdeflate skips it

    /// <summary>The most a deflate stream can expand: 258 bytes from a 2-bit code, about 1032 to 1.</summary>
    internal const int MaxExpansion = 1032;

    private static readonly ContextPool<LibdeflateDecompressorHandle> s_decompressors = new(LibdeflateDecompressorHandle.Create);

    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="destination"/>: one zlib stream (what follows its end is
    /// ignored, as Python's <c>zlib.decompress</c> does), or gzip members separated or followed by zero padding.
    /// </summary>
    /// <returns>True when it decoded; false when the streaming decoder must decide.</returns>
    public static bool TryDecode(bool gzipMembers, ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        LibdeflateDecompressorHandle decompressor = s_decompressors.Rent();
        try
        {
            nint handle = decompressor.DangerousGetHandle();
            fixed (byte* input = source)
            fixed (byte* output = destination)
            {
                if (!gzipMembers)
                {
                    nuint read, written;
                    Interop.Libdeflate.Result result = Interop.Libdeflate.libdeflate_zlib_decompress_ex(
                        handle, input, (nuint)source.Length, output, (nuint)destination.Length, &read, &written);
                    if (result != Interop.Libdeflate.Result.Success)
                    {
                        return false;
                    }

                    bytesWritten = (int)written;
                    return true;
                }

                int position = 0;
                int total = 0;
                while (true)
                {
                    if (source.Length - position > 3 && (source[position + 3] & GZipHeaderCrcFlag) != 0)
                    {
                        return false; // zlib decides whether the header's CRC is right
                    }

                    nuint read, written;
                    Interop.Libdeflate.Result result = Interop.Libdeflate.libdeflate_gzip_decompress_ex(
                        handle, input + position, (nuint)(source.Length - position), output + total,
                        (nuint)(destination.Length - total), &read, &written);
                    if (result != Interop.Libdeflate.Result.Success)
                    {
                        return false;
                    }

                    position += (int)read;
                    total += (int)written;
                    while (position < source.Length && source[position] == 0)
                    {
                        position++; // zero padding after a member, as gzip readers accept
                    }

                    if (position == source.Length)
                    {
                        bytesWritten = total;
                        return true;
                    }

                    if (source[position] != GZipMagic)
                    {
                        return false;
                    }
                }
            }
        }
        finally
        {
            s_decompressors.Return(decompressor);
        }
    }

    /// <summary>
    /// The decoded length a gzip input announces when it is one member: its trailer's ISIZE (the length modulo 2^32),
    /// if the input could decode to that many bytes and it is at most <paramref name="maxDecodedLength"/>; otherwise -1.
    /// A hint only: <see cref="TryDecode"/> then proves it or fails.
    /// </summary>
    public static int GZipLengthHint(ReadOnlySpan<byte> source, int maxDecodedLength)
    {
        if (source.Length < 18 || source[0] != GZipMagic)
        {
            return -1;
        }

        uint announced = BinaryPrimitives.ReadUInt32LittleEndian(source[^4..]);
        long possible = (long)source.Length * MaxExpansion;
        return announced <= (uint)maxDecodedLength && announced <= possible ? (int)announced : -1;
    }
}
