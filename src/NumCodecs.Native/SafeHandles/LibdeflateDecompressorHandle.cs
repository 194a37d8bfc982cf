using System.Runtime.InteropServices;

namespace NumCodecs.Native.SafeHandles;

/// <summary>Owns a libdeflate decompressor (<c>struct libdeflate_decompressor*</c>, about 10 KB of tables).</summary>
internal sealed class LibdeflateDecompressorHandle : SafeHandle
{
    /// <summary>Creates an invalid handle; use <see cref="Create"/>.</summary>
    public LibdeflateDecompressorHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>Creates a decompressor.</summary>
    /// <exception cref="InsufficientMemoryException">libdeflate could not allocate it.</exception>
    internal static LibdeflateDecompressorHandle Create()
    {
        var decompressor = new LibdeflateDecompressorHandle();
        decompressor.SetHandle(Interop.Libdeflate.libdeflate_alloc_decompressor());
        if (decompressor.IsInvalid)
        {
            throw new InsufficientMemoryException("libdeflate_alloc_decompressor could not allocate a decompressor.");
        }

        return decompressor;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        Interop.Libdeflate.libdeflate_free_decompressor(handle);
        return true;
    }
}
