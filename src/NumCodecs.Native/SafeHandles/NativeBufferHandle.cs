using System.Runtime.InteropServices;

namespace NumCodecs.Native.SafeHandles;

/// <summary>Owns a zero-filled block of native memory (for example an lz4 compression state).</summary>
internal sealed unsafe class NativeBufferHandle : SafeHandle
{
    private const nuint Alignment = 16; // bytes; lz4's state wants pointer alignment, 16 covers every platform

    /// <summary>Creates an invalid handle; use <see cref="Allocate"/>.</summary>
    public NativeBufferHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>Size of the block in bytes.</summary>
    internal int Length { get; private set; }

    /// <summary>Start of the block; valid while the handle is alive.</summary>
    internal void* Pointer => (void*)handle;

    /// <summary>Allocates <paramref name="length"/> zero-filled bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is not positive.</exception>
    internal static NativeBufferHandle Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var buffer = new NativeBufferHandle();
        void* memory = NativeMemory.AlignedAlloc((nuint)length, Alignment);
        NativeMemory.Clear(memory, (nuint)length);
        buffer.SetHandle((nint)memory);
        buffer.Length = length;
        return buffer;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        NativeMemory.AlignedFree((void*)handle);
        return true;
    }
}
