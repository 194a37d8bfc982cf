using System.Runtime.InteropServices;

namespace NumCodecs.Native.SafeHandles;

/// <summary>Owns a zstd compression context (<c>ZSTD_CCtx*</c>).</summary>
internal sealed class ZstdCompressionContextHandle : SafeHandle
{
    /// <summary>Creates an invalid handle; use <see cref="Create"/>.</summary>
    public ZstdCompressionContextHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>Creates a context.</summary>
    /// <exception cref="InsufficientMemoryException">zstd could not allocate the context.</exception>
    internal static ZstdCompressionContextHandle Create()
    {
        var context = new ZstdCompressionContextHandle();
        context.SetHandle(Interop.Zstd.ZSTD_createCCtx());
        if (context.IsInvalid)
        {
            throw new InsufficientMemoryException("ZSTD_createCCtx could not allocate a compression context.");
        }

        return context;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => Interop.Zstd.ZSTD_freeCCtx(handle) == 0;
}

/// <summary>Owns a zstd decompression context (<c>ZSTD_DCtx*</c>, which is also a <c>ZSTD_DStream*</c>).</summary>
internal sealed class ZstdDecompressionContextHandle : SafeHandle
{
    /// <summary>Creates an invalid handle; use <see cref="Create"/>.</summary>
    public ZstdDecompressionContextHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>Creates a context.</summary>
    /// <exception cref="InsufficientMemoryException">zstd could not allocate the context.</exception>
    internal static ZstdDecompressionContextHandle Create()
    {
        var context = new ZstdDecompressionContextHandle();
        context.SetHandle(Interop.Zstd.ZSTD_createDCtx());
        if (context.IsInvalid)
        {
            throw new InsufficientMemoryException("ZSTD_createDCtx could not allocate a decompression context.");
        }

        return context;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => Interop.Zstd.ZSTD_freeDCtx(handle) == 0;
}
