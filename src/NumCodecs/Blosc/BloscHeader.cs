using System.Buffers.Binary;

namespace NumCodecs.Blosc;

/// <summary>
/// The 16-byte header of a Blosc 1.x chunk, parsed and checked in managed code. Together with <see cref="Read"/> it
/// covers numcodecs' <c>cbuffer_sizes</c>, <c>cbuffer_metainfo</c> and <c>cbuffer_complib</c>.
/// </summary>
/// <remarks>
/// Layout (c-blosc README_CHUNK_FORMAT): version, versionlz, flags, typesize (one byte each), then nbytes, blocksize
/// and cbytes (int32 little-endian). Flags: bit 0 byte-shuffle, bit 1 memcpyed, bit 2 bit-shuffle, bit 3 reserved,
/// bit 4 "don't split", bits 5-7 the compressor's format code. Unless memcpyed, the header is followed by one int32
/// start offset per block.
/// </remarks>
public readonly struct BloscHeader : IEquatable<BloscHeader>
{
    /// <summary>Bytes of the header (BLOSC_MIN_HEADER_LENGTH).</summary>
    public const int Length = 16;

    /// <summary>The chunk format version c-blosc 1.x writes and reads (BLOSC_VERSION_FORMAT).</summary>
    public const byte FormatVersion = 2;

    /// <summary>Largest block c-blosc 1.x accepts, in bytes (BLOSC_MAX_BLOCKSIZE).</summary>
    public const int MaxBlockSize = (int.MaxValue - (255 * sizeof(int))) / 3;

    private const byte ByteShuffleFlag = 0x01;
    private const byte MemcpyedFlag = 0x02;
    private const byte BitShuffleFlag = 0x04;
    private const byte ReservedFlag = 0x08;
    private const byte DontSplitFlag = 0x10;

    private BloscHeader(ReadOnlySpan<byte> header)
    {
        Version = header[0];
        VersionLz = header[1];
        Flags = header[2];
        TypeSize = header[3];
        UncompressedLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        BlockSize = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        CompressedLength = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);

        // Computed once: the decode path asks for these per block, and each is a division.
        BlockCount = UncompressedLength <= 0 || BlockSize <= 0 ? 0 : (int)(((long)UncompressedLength + BlockSize - 1) / BlockSize);
        LastBlockLength = BlockCount == 0 ? 0 : UncompressedLength - ((BlockCount - 1) * BlockSize);
    }

    /// <summary>Chunk format version (byte 0; 2 for c-blosc 1.x).</summary>
    public byte Version { get; }

    /// <summary>Format version of the inner compressor (byte 1).</summary>
    public byte VersionLz { get; }

    /// <summary>The raw flags byte (byte 2).</summary>
    public byte Flags { get; }

    /// <summary>Item size in bytes used for shuffling (byte 3; <c>typesize</c>).</summary>
    public int TypeSize { get; }

    /// <summary>Length of the decoded data in bytes (<c>nbytes</c>).</summary>
    public int UncompressedLength { get; }

    /// <summary>Decoded length of every block but possibly the last, in bytes (<c>blocksize</c>).</summary>
    public int BlockSize { get; }

    /// <summary>Length of the whole chunk, header included, in bytes (<c>cbytes</c>).</summary>
    public int CompressedLength { get; }

    /// <summary>The shuffle applied before compression.</summary>
    public BloscShuffle Shuffle =>
        (Flags & ByteShuffleFlag) != 0 ? BloscShuffle.Shuffle
        : (Flags & BitShuffleFlag) != 0 ? BloscShuffle.BitShuffle
        : BloscShuffle.NoShuffle;

    /// <summary>Whether the data is stored uncompressed right after the header (no block table).</summary>
    public bool IsMemcpyed => (Flags & MemcpyedFlag) != 0;

    /// <summary>Whether blocks were compressed whole rather than split into one stream per byte of an item.</summary>
    public bool IsDontSplit => (Flags & DontSplitFlag) != 0;

    /// <summary>The compressor's format code (flags bits 5-7): 0 BloscLZ, 1 LZ4/LZ4HC, 2 Snappy, 3 Zlib, 4 Zstd.</summary>
    public int CompressorCode => Flags >> 5;

    /// <summary>
    /// Name of the compression library, as numcodecs' <c>cbuffer_complib</c> gives it: <c>BloscLZ</c>, <c>LZ4</c>
    /// (for both lz4 and lz4hc), <c>Snappy</c>, <c>Zlib</c> or <c>Zstd</c>.
    /// </summary>
    public string CompressorLibrary => CompressorCode switch
    {
        0 => "BloscLZ",
        1 => "LZ4",
        2 => "Snappy",
        3 => "Zlib",
        4 => "Zstd",
        _ => $"unknown ({CompressorCode})",
    };

    /// <summary>Number of blocks (0 for an empty chunk).</summary>
    public int BlockCount { get; }

    /// <summary>Decoded length of the last block in bytes (shorter than <see cref="BlockSize"/> when it does not divide nbytes).</summary>
    public int LastBlockLength { get; }

    /// <summary>Offset of the first byte after the block table (the header when memcpyed).</summary>
    public int DataOffset => IsMemcpyed ? Length : Length + (BlockCount * sizeof(int));

    /// <summary>
    /// Reads and checks the header at the start of <paramref name="source"/>: everything c-blosc 1.x would reject in
    /// the header alone (version, reserved flag, compressor, typesize, nbytes, blocksize, cbytes and the room for the
    /// block table) is rejected here.
    /// </summary>
    /// <param name="source">A Blosc chunk, or at least its first 16 bytes.</param>
    /// <returns>The header.</returns>
    /// <exception cref="CorruptDataException">The source is shorter than 16 bytes or the header is invalid.</exception>
    public static BloscHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Length)
        {
            throw new CorruptDataException($"A Blosc chunk holds at least a {Length}-byte header, but only {source.Length} bytes were given.");
        }

        var header = new BloscHeader(source);
        string? problem = header.FindProblem();
        if (problem is not null)
        {
            throw new CorruptDataException($"Invalid Blosc header: {problem}.");
        }

        return header;
    }

    /// <summary>Reads the header like <see cref="Read"/>, returning <see langword="false"/> instead of throwing.</summary>
    /// <param name="source">A Blosc chunk, or at least its first 16 bytes.</param>
    /// <param name="header">The header, when valid.</param>
    /// <returns>Whether the source starts with a valid header.</returns>
    public static bool TryRead(ReadOnlySpan<byte> source, out BloscHeader header)
    {
        header = default;
        if (source.Length < Length)
        {
            return false;
        }

        var candidate = new BloscHeader(source);
        if (candidate.FindProblem() is not null)
        {
            return false;
        }

        header = candidate;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(BloscHeader other) =>
        Version == other.Version && VersionLz == other.VersionLz && Flags == other.Flags && TypeSize == other.TypeSize &&
        UncompressedLength == other.UncompressedLength && BlockSize == other.BlockSize &&
        CompressedLength == other.CompressedLength;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BloscHeader other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(Version, VersionLz, Flags, TypeSize, UncompressedLength, BlockSize, CompressedLength);

    /// <summary>Whether two headers hold the same fields.</summary>
    public static bool operator ==(BloscHeader left, BloscHeader right) => left.Equals(right);

    /// <summary>Whether two headers differ in any field.</summary>
    public static bool operator !=(BloscHeader left, BloscHeader right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() =>
        $"Blosc chunk v{Version}: {CompressorLibrary} (format {VersionLz}), typesize {TypeSize}, shuffle {Shuffle}, " +
        $"nbytes {UncompressedLength}, cbytes {CompressedLength}, blocksize {BlockSize}, {BlockCount} block(s)" +
        (IsMemcpyed ? ", memcpyed" : string.Empty);

    private string? FindProblem()
    {
        if (Version != FormatVersion)
        {
            return $"format version {Version}, but c-blosc 1.x reads only version {FormatVersion}";
        }

        if ((Flags & ReservedFlag) != 0)
        {
            return $"reserved flag bit 3 is set (flags 0x{Flags:x2})";
        }

        if (TypeSize == 0)
        {
            return "typesize is 0";
        }

        if (UncompressedLength < 0)
        {
            return $"nbytes is negative ({UncompressedLength})";
        }

        if (CompressedLength < Length)
        {
            return $"cbytes ({CompressedLength}) is smaller than the header";
        }

        if (UncompressedLength == 0)
        {
            return null; // an empty chunk: nothing else is read
        }

        if (BlockSize <= 0 || BlockSize > UncompressedLength || BlockSize > MaxBlockSize)
        {
            return $"blocksize {BlockSize} is outside 1..{Math.Min(UncompressedLength, MaxBlockSize)} for nbytes {UncompressedLength}";
        }

        if (IsMemcpyed)
        {
            return (long)UncompressedLength + Length == CompressedLength
                ? null
                : $"the chunk is memcpyed, so cbytes ({CompressedLength}) must be nbytes + {Length} ({(long)UncompressedLength + Length})";
        }

        if (CompressorCode is not (0 or 1 or 3 or 4))
        {
            return $"compressor {CompressorLibrary} is not compiled into this build (BloscLZ, LZ4, Zlib and Zstd are)";
        }

        if (VersionLz != 1)
        {
            return $"{CompressorLibrary} format version {VersionLz} is not supported (c-blosc 1.x writes 1)";
        }

        long tableEnd = Length + ((long)BlockCount * sizeof(int));
        return tableEnd >= CompressedLength
            ? $"cbytes ({CompressedLength}) leaves no room after the table of {BlockCount} block starts ({tableEnd} bytes)"
            : null;
    }
}
