using System.Buffers;
using System.Buffers.Binary;
using NumCodecs.Blosc;
using NumCodecs.Native;

namespace NumCodecs;

/// <summary>
/// Blosc chunks compressed and decompressed with their blocks spread over the .NET thread pool: c-blosc's own
/// per-block work (native/src/numcodecs_blosc_jobs.c), scheduled here. The pool's threads persist across calls, where
/// c-blosc's <c>_ctx</c> functions start and join their threads on every call.
/// </summary>
/// <remarks>
/// Compressed blocks are laid out in block order, so a chunk is byte for byte the one c-blosc writes on one thread,
/// whatever the number of threads (c-blosc's own threads place blocks in the order they finish). A chunk with fewer
/// than <see cref="MinimumBlocks"/> blocks or <see cref="MinimumBytes"/> bytes stays on the calling thread, where the
/// cost of handing blocks out would be larger than the work.
/// </remarks>
internal static unsafe class BloscBlockJobs
{
    /// <summary>Fewest blocks for which a chunk's blocks are spread over threads.</summary>
    internal const int MinimumBlocks = 4;

    /// <summary>Fewest uncompressed bytes for which a chunk's blocks are spread over threads.</summary>
    internal const int MinimumBytes = 256 * 1024;

    private const int HeaderLength = 16;
    private const byte MemcpyedFlag = 0x02;
    private const int JobAlignment = 16;

    private static readonly int s_jobSize = Interop.Blosc.numcodecs_blosc_job_size();

    /// <summary>Threads a codec uses when it was given none: every core of the machine.</summary>
    internal static int DefaultThreads => Environment.ProcessorCount;

    /// <summary>Whether a chunk of this size and block size is worth spreading over <paramref name="threads"/>.</summary>
    internal static bool IsWorthSpreading(long uncompressedLength, int blockSize, int threads) =>
        threads > 1 && uncompressedLength >= MinimumBytes && blockSize > 0 &&
        (uncompressedLength + blockSize - 1) / blockSize >= MinimumBlocks;

    /// <summary>
    /// Compresses <paramref name="source"/> into <paramref name="destination"/> (at least its length plus 16 bytes) as
    /// <c>blosc_compress_ctx</c> does on one thread, with the blocks on up to <paramref name="threads"/> threads.
    /// </summary>
    /// <returns>The chunk's length; 0 when it does not fit; a negative c-blosc error.</returns>
    public static int Compress(
        int clevel, int doshuffle, int typesize, ReadOnlySpan<byte> source, Span<byte> destination, byte* compressor,
        int blockSize, int threads)
    {
        byte* jobMemory = stackalloc byte[s_jobSize + JobAlignment];
        byte* job = Align(jobMemory);
        byte empty = 0;
        fixed (byte* sourcePointer = source)
        fixed (byte* destinationPointer = destination)
        {
            int blocks = Interop.Blosc.numcodecs_blosc_compress_begin(
                job, clevel, doshuffle, (nuint)typesize, (nuint)source.Length, sourcePointer is null ? &empty : sourcePointer,
                destinationPointer, (nuint)destination.Length, compressor, (nuint)blockSize);
            if (blocks <= 0)
            {
                return blocks;
            }

            int chosenBlockSize = BinaryPrimitives.ReadInt32LittleEndian(destination[8..]);
            bool memcpyed = (destination[2] & MemcpyedFlag) != 0;
            long slotLength = chosenBlockSize + (4L * typesize); // c-blosc's bound for one compressed block
            if (memcpyed || !IsWorthSpreading(source.Length, chosenBlockSize, threads) || slotLength * blocks > Array.MaxLength)
            {
                return Interop.Blosc.numcodecs_blosc_compress_serial(job);
            }

            return CompressBlocks(job, blocks, chosenBlockSize, (int)slotLength, destination, threads);
        }
    }

    /// <summary>
    /// Decompresses a validated chunk into <paramref name="destination"/> (exactly its uncompressed length) with the
    /// blocks on up to <paramref name="threads"/> threads.
    /// </summary>
    /// <exception cref="CorruptDataException">c-blosc rejected the chunk or one of its blocks.</exception>
    public static void Decompress(ReadOnlySpan<byte> source, Span<byte> destination, BloscHeader header, int threads)
    {
        byte* jobMemory = stackalloc byte[s_jobSize + JobAlignment];
        byte* job = Align(jobMemory);
        fixed (byte* sourcePointer = source)
        fixed (byte* destinationPointer = destination)
        {
            int blocks = Interop.Blosc.numcodecs_blosc_decompress_begin(job, sourcePointer, destinationPointer, (nuint)destination.Length);
            if (blocks < 0)
            {
                throw new CorruptDataException(
                    $"c-blosc could not decompress the {header.CompressorLibrary} chunk (error {blocks}).");
            }

            if (blocks == 0)
            {
                return;
            }

            nint jobAddress = (nint)job;
            int blockSize = header.BlockSize;
            int lastLength = destination.Length - ((blocks - 1) * blockSize);
            (int failedBlock, int failure) = ForEachBlock(
                blocks, threads, 2 * blockSize,
                (block, scratch) => Interop.Blosc.numcodecs_blosc_decompress_block((void*)jobAddress, block, (void*)scratch),
                (block, result) => result != (block == blocks - 1 ? lastLength : blockSize));
            if (failedBlock >= 0)
            {
                throw new CorruptDataException(
                    $"c-blosc could not decompress block {failedBlock} of the {header.CompressorLibrary} chunk (result {failure}).");
            }
        }
    }

    private static int CompressBlocks(byte* job, int blocks, int blockSize, int slotLength, Span<byte> destination, int threads)
    {
        byte[] slots = ArrayPool<byte>.Shared.Rent(blocks * slotLength);
        int[] sizes = ArrayPool<int>.Shared.Rent(blocks);
        try
        {
            nint jobAddress = (nint)job;
            int failure; // 0: a block that does not compress; negative: an error; 1: none
            fixed (byte* slotsPointer = slots)
            {
                nint slotsAddress = (nint)slotsPointer;
                (int failedBlock, int result) = ForEachBlock(
                    blocks, threads, 2 * blockSize,
                    (block, scratch) => sizes[block] = Interop.Blosc.numcodecs_blosc_compress_block(
                        (void*)jobAddress, block, (byte*)slotsAddress + (block * (long)slotLength), slotLength, (void*)scratch),
                    (_, result) => result <= 0);
                failure = failedBlock >= 0 ? result : 1;
            }

            if (failure < 0)
            {
                return failure;
            }

            // Block order, as c-blosc's serial loop writes them: the block-start table after the header, then the blocks,
            // copied from their slots on the threads too (the copy would otherwise be a serial tail of the call).
            int total = 0;
            if (failure > 0)
            {
                int offset = HeaderLength + (4 * blocks);
                for (int block = 0; block < blocks; block++)
                {
                    int size = sizes[block];
                    if (size > destination.Length - offset)
                    {
                        offset = 0; // does not fit: stored instead, as c-blosc does
                        break;
                    }

                    BinaryPrimitives.WriteInt32LittleEndian(destination[(HeaderLength + (4 * block))..], offset);
                    offset += size;
                }

                total = offset;
            }

            if (total > 0)
            {
                fixed (byte* destinationPointer = destination)
                fixed (byte* slotsPointer = slots)
                {
                    nint destinationAddress = (nint)destinationPointer;
                    nint slotsAddress = (nint)slotsPointer;
                    Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, block =>
                    {
                        byte* target = (byte*)destinationAddress;
                        int start = BinaryPrimitives.ReadInt32LittleEndian(new ReadOnlySpan<byte>(target + HeaderLength + (4 * block), 4));
                        Buffer.MemoryCopy((byte*)slotsAddress + (block * (long)slotLength), target + start, sizes[block], sizes[block]);
                    });
                }
            }

            return Interop.Blosc.numcodecs_blosc_compress_end(job, total);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(sizes);
            ArrayPool<byte>.Shared.Return(slots);
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> for every block on up to <paramref name="threads"/> threads of the pool, each thread
    /// with its own pooled scratch of <paramref name="scratchLength"/> bytes (pinned while it runs), and stops early
    /// once a result is a failure.
    /// </summary>
    /// <returns>The failed block with the lowest result (c-blosc's errors are negative, a block that does not compress
    /// 0), or (-1, 0) when every block succeeded.</returns>
    private static (int Block, int Result) ForEachBlock(
        int blocks, int threads, int scratchLength, Func<int, nint, int> run, Func<int, int, bool> failed)
    {
        int failedBlock = -1;
        int failure = 0;
        var gate = new Lock();
        Parallel.For(
            0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => ArrayPool<byte>.Shared.Rent(scratchLength),
            (block, state, scratch) =>
            {
                int result;
                fixed (byte* scratchPointer = scratch)
                {
                    result = run((int)block, (nint)scratchPointer);
                }

                if (failed((int)block, result))
                {
                    lock (gate)
                    {
                        if (failedBlock < 0 || result < failure)
                        {
                            (failedBlock, failure) = ((int)block, result);
                        }
                    }

                    state.Stop();
                }

                return scratch;
            },
            scratch => ArrayPool<byte>.Shared.Return(scratch));
        return (failedBlock, failure);
    }

    private static byte* Align(byte* memory) => (byte*)(((nuint)memory + (JobAlignment - 1)) & ~(nuint)(JobAlignment - 1));
}
