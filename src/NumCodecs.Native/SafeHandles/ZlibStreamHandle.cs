using System.Runtime.InteropServices;

namespace NumCodecs.Native.SafeHandles;

/// <summary>
/// Owns an initialised zlib stream (<c>z_stream</c>) in native memory, where it stays put from init to end as zlib
/// requires (it keeps a pointer back to the stream and checks it on every call).
/// </summary>
internal sealed unsafe class ZlibStreamHandle : SafeHandle
{
    private bool _deflate;

    /// <summary>Creates an invalid handle; use <see cref="CreateDeflate"/> or <see cref="CreateInflate"/>.</summary>
    public ZlibStreamHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>The stream; valid while the handle is alive.</summary>
    internal Interop.Zlib.ZStream* Stream => (Interop.Zlib.ZStream*)handle;

    /// <summary>Creates a compressor (<c>deflateInit2</c>).</summary>
    /// <param name="level">Compression level, -1 (default) to 9.</param>
    /// <param name="windowBits">15 for the zlib format, 31 for gzip, -15 for raw deflate.</param>
    /// <param name="memoryLevel">Memory level, 1 to 9 (zlib's default is 8).</param>
    /// <exception cref="ArgumentException">zlib rejected the parameters.</exception>
    /// <exception cref="InsufficientMemoryException">zlib could not allocate its state.</exception>
    internal static ZlibStreamHandle CreateDeflate(int level, int windowBits, int memoryLevel)
    {
        var stream = Allocate();
        int result = Interop.Zlib.deflateInit2_(
            stream.Stream, level, Interop.Zlib.Deflated, windowBits, memoryLevel, Interop.Zlib.DefaultStrategy,
            Interop.Zlib.zlibVersion(), sizeof(Interop.Zlib.ZStream));
        stream.Initialised(result, "deflateInit2", deflate: true);
        return stream;
    }

    /// <summary>Creates a decompressor (<c>inflateInit2</c>).</summary>
    /// <param name="windowBits">15 for the zlib format, 31 for gzip, 47 for either.</param>
    /// <exception cref="ArgumentException">zlib rejected the parameters.</exception>
    /// <exception cref="InsufficientMemoryException">zlib could not allocate its state.</exception>
    internal static ZlibStreamHandle CreateInflate(int windowBits)
    {
        var stream = Allocate();
        int result = Interop.Zlib.inflateInit2_(
            stream.Stream, windowBits, Interop.Zlib.zlibVersion(), sizeof(Interop.Zlib.ZStream));
        stream.Initialised(result, "inflateInit2", deflate: false);
        return stream;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        var stream = (Interop.Zlib.ZStream*)handle;
        if (stream->State is not null)
        {
            _ = _deflate ? Interop.Zlib.deflateEnd(stream) : Interop.Zlib.inflateEnd(stream);
        }

        NativeMemory.Free(stream);
        return true;
    }

    private static ZlibStreamHandle Allocate()
    {
        var stream = new ZlibStreamHandle();
        stream.SetHandle((nint)NativeMemory.AllocZeroed((nuint)sizeof(Interop.Zlib.ZStream)));
        return stream;
    }

    private void Initialised(int result, string function, bool deflate)
    {
        _deflate = deflate;
        if (result == Interop.Zlib.Ok)
        {
            return;
        }

        Dispose();
        if (result == Interop.Zlib.MemoryError)
        {
            throw new InsufficientMemoryException($"zlib's {function} could not allocate its state.");
        }

        throw new ArgumentException($"zlib's {function} rejected its parameters (error {result}).");
    }
}
