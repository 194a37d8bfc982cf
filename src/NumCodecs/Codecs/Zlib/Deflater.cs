using NumCodecs.Native;
using NumCodecs.Native.SafeHandles;

namespace NumCodecs;

/// <summary>One-shot deflate on a pooled zlib stream, with the call pattern of Python's zlib module.</summary>
internal static unsafe class Deflater
{
    /// <summary>
    /// zlib's <c>compressBound</c> for its default window and memory level, plus <paramref name="extraWrapper"/>
    /// bytes for a wrapper longer than zlib's own 6 (gzip's is 18).
    /// </summary>
    public static int MaxEncodedLength(int sourceLength, int extraWrapper)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        long bound = (long)sourceLength + (sourceLength >> 12) + (sourceLength >> 14) + (sourceLength >> 25) + 13 + extraWrapper;
        return bound <= Array.MaxLength
            ? (int)bound
            : throw new ArgumentOutOfRangeException(nameof(sourceLength), sourceLength, "The encoded data could exceed the largest array.");
    }

    /// <summary>
    /// Compresses all of <paramref name="source"/> as Python does, so that even stored (level 0) blocks, whose
    /// boundaries follow the output space each deflate call is offered, come out as numcodecs writes them:
    /// <c>zlib.compress</c> finishes in one pass (<paramref name="finishInOnePass"/>); <c>gzip</c> compresses without
    /// flushing and then finishes, each pass with a fresh output buffer. Each pass offers output in the growing block
    /// sizes of CPython's output buffer.
    /// </summary>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    public static bool TryCompress(
        ZlibStreamHandle stream, ReadOnlySpan<byte> source, Span<byte> destination, bool finishInOnePass, out int bytesWritten)
    {
        Interop.Zlib.ZStream* z = stream.Stream;
        byte empty = 0;
        int result;
        fixed (byte* sourcePointer = source)
        fixed (byte* destinationPointer = destination)
        {
            byte* start = destinationPointer is null ? &empty : destinationPointer;
            byte* end = start + destination.Length;
            z->NextIn = sourcePointer is null ? &empty : sourcePointer;
            z->AvailableIn = (uint)source.Length;
            z->NextOut = start;
            result = finishInOnePass ? Interop.Zlib.Ok : Pass(z, end, Interop.Zlib.NoFlush);
            if (result == Interop.Zlib.Ok)
            {
                result = Pass(z, end, Interop.Zlib.Finish);
            }

            bytesWritten = (int)(z->NextOut - start);
            z->NextIn = null;
            z->NextOut = null;
        }

        // The stream goes back to its pool ready for the next call, whatever happened here.
        _ = Interop.Zlib.deflateReset(z);
        if (result == Interop.Zlib.StreamEnd)
        {
            return true;
        }

        bytesWritten = 0;
        return result == Interop.Zlib.BufferError
            ? false
            : throw new NumCodecsException($"zlib's deflate failed (error {result}).");
    }

    // CPython's output buffer blocks (pycore_blocks_output_buffer.h), in bytes; the last one repeats. A static array
    // rather than a span property: unoptimised builds would allocate the span's array on every access.
    private static readonly int[] s_pythonBlockSizes =
    [
        32 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 8 << 20, 16 << 20, 16 << 20, 32 << 20, 32 << 20, 32 << 20,
        32 << 20, 64 << 20, 64 << 20, 128 << 20, 128 << 20, 256 << 20,
    ];

    /// <summary>
    /// One pass, as CPython runs it: deflate with <paramref name="flush"/> while each call fills its whole block.
    /// Returns <see cref="Interop.Zlib.Ok"/> when a no-flush pass used all input, <see cref="Interop.Zlib.StreamEnd"/>
    /// when a finishing pass completed, <see cref="Interop.Zlib.BufferError"/> when the destination ran out, or
    /// zlib's error.
    /// </summary>
    private static int Pass(Interop.Zlib.ZStream* z, byte* end, int flush)
    {
        for (int block = 0; ; block++)
        {
            long room = end - z->NextOut;
            if (room == 0)
            {
                return Interop.Zlib.BufferError;
            }

            z->AvailableOut = (uint)Math.Min(s_pythonBlockSizes[Math.Min(block, s_pythonBlockSizes.Length - 1)], room);
            int result = Interop.Zlib.deflate(z, flush);
            if (result == Interop.Zlib.StreamEnd)
            {
                return result;
            }

            if (result is not (Interop.Zlib.Ok or Interop.Zlib.BufferError))
            {
                return result;
            }

            if (z->AvailableOut != 0)
            {
                // Room was left, so deflate has taken all input: a no-flush pass is complete; a finishing pass that
                // left room without ending cannot happen.
                return flush == Interop.Zlib.NoFlush ? Interop.Zlib.Ok : Interop.Zlib.BufferError;
            }
        }
    }
}
