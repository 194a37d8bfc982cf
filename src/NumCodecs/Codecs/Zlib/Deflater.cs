using NumCodecs.Native;
using NumCodecs.Native.SafeHandles;

namespace NumCodecs;

/// <summary>One-shot deflate on a pooled zlib stream, as Python's <c>zlib.compress</c> does it.</summary>
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

    /// <summary>Compresses all of <paramref name="source"/>; <see langword="false"/> when the destination is too small.</summary>
    public static bool TryCompress(ZlibStreamHandle stream, ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        Interop.Zlib.ZStream* z = stream.Stream;
        byte empty = 0;
        int result;
        fixed (byte* sourcePointer = source)
        fixed (byte* destinationPointer = destination)
        {
            z->NextIn = sourcePointer is null ? &empty : sourcePointer;
            z->AvailableIn = (uint)source.Length;
            z->NextOut = destinationPointer is null ? &empty : destinationPointer;
            z->AvailableOut = (uint)destination.Length;
            result = Interop.Zlib.deflate(z, Interop.Zlib.Finish);
            bytesWritten = destination.Length - (int)z->AvailableOut;
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
        if (result is Interop.Zlib.Ok or Interop.Zlib.BufferError)
        {
            return false; // ran out of destination before the end of the stream
        }

        throw new NumCodecsException($"zlib's deflate failed (error {result}).");
    }
}
