using System.Buffers;
using System.Text.Json.Nodes;
using NumCodecs.Blosc;
using NumCodecs.Internal;
using NumCodecs.IO;
using NumCodecs.Native;
using NumCodecs.Pipeline;

namespace NumCodecs;

/// <summary>
/// Blosc 1.x: blocked, shuffled compression with blosclz, lz4, lz4hc, zlib or zstd, through c-blosc's context API.
/// </summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>blosc</c>. Name (Zarr v3): <c>blosc</c>.</para>
/// <para>Config: <c>{"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 0}</c>; in v3,
/// <c>{"name": "blosc", "configuration": {"cname": "lz4", "clevel": 5, "shuffle": "shuffle", "typesize": 4, "blocksize": 0}}</c>
/// with <c>shuffle</c> one of <c>noshuffle</c>, <c>shuffle</c>, <c>bitshuffle</c>.</para>
/// <para>Partial decoding: a range of the decoded bytes reads the header, the block table and the blocks that hold it.</para>
/// <para>
/// Compatibility: the same chunks as numcodecs' <c>Blosc</c>. The item size (Blosc's typesize) is the size of the
/// typed overloads' item type, 1 for bytes, as numcodecs takes a numpy array's itemsize; an explicit
/// <c>typesize</c> overrides it and then appears in the config. Only c-blosc's <c>_ctx</c> entry points are used,
/// so any number of threads may use any instances at once. Before any native call the whole chunk structure is
/// checked in managed code (see <see cref="BloscHeader"/>).
/// </para>
/// </remarks>
public sealed class BloscCodec : Codec
{
    /// <summary>The codec id, <c>blosc</c>.</summary>
    public const string Id = "blosc";

    private static readonly string[] s_compressorNames = ["blosclz", "lz4", "lz4hc", "zlib", "zstd"];

    // NUL-terminated names for the native call, made once so that encoding allocates nothing.
    private static readonly byte[][] s_compressorNamesUtf8 = s_compressorNames
        .Select(name => System.Text.Encoding.ASCII.GetBytes(name + "\0")).ToArray();

    private readonly byte[] _compressorUtf8;

    /// <summary>Creates a Blosc codec.</summary>
    /// <param name="cname">Compressor: <c>blosclz</c>, <c>lz4</c>, <c>lz4hc</c>, <c>zlib</c> or <c>zstd</c>.</param>
    /// <param name="clevel">Compression level, 0 (store) to 9.</param>
    /// <param name="shuffle">Shuffle filter.</param>
    /// <param name="blocksize">Requested block size in bytes; 0 lets c-blosc choose.</param>
    /// <param name="typesize">Item size in bytes (1 to 255) overriding the one the encode call implies; null to take it from the call.</param>
    /// <param name="internalThreads">
    /// Threads one call may spread a chunk's blocks over, on the .NET thread pool: 0 (the default) for every core of the
    /// machine, 1 to stay on the calling thread. Chunks under 256 KiB or of fewer than 4 blocks always stay on the
    /// calling thread. The output is the same whatever the number. Not part of the config.
    /// </param>
    /// <exception cref="CodecConfigException">A parameter is out of range; the exception names its config key.</exception>
    public BloscCodec(
        string cname = "lz4",
        int clevel = 5,
        BloscShuffle shuffle = BloscShuffle.Shuffle,
        int blocksize = 0,
        int? typesize = null,
        int internalThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(cname);
        int index = Array.IndexOf(s_compressorNames, cname);
        if (index < 0)
        {
            throw new CodecConfigException(
                "cname", $"Blosc cname '{cname}' is not supported; expected one of {string.Join(", ", s_compressorNames)}.");
        }

        if (clevel is < 0 or > 9)
        {
            throw new CodecConfigException("clevel", $"Blosc clevel must be between 0 and 9, not {clevel}.");
        }

        if (!Enum.IsDefined(shuffle))
        {
            throw new CodecConfigException("shuffle", $"Blosc shuffle must be -1, 0, 1 or 2, not {(int)shuffle}.");
        }

        if (blocksize < 0)
        {
            throw new CodecConfigException("blocksize", $"Blosc blocksize must be 0 (automatic) or positive, not {blocksize}.");
        }

        if (typesize is < 1 or > 255)
        {
            throw new CodecConfigException("typesize", $"Blosc typesize must be between 1 and 255, not {typesize}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(internalThreads);

        CompressorName = cname;
        CompressionLevel = clevel;
        Shuffle = shuffle;
        BlockSize = blocksize;
        TypeSize = typesize;
        InternalThreads = internalThreads;
        _compressorUtf8 = s_compressorNamesUtf8[index];
    }

    /// <summary>The compressors this build of c-blosc carries, as <c>blosc_list_compressors</c> reports them.</summary>
    public static IReadOnlyList<string> Compressors => NativeLibraryInfo.BloscCompressors;

    /// <summary>c-blosc's version string.</summary>
    public static string Version => NativeLibraryInfo.BloscVersion;

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Compressor name (<c>cname</c>).</summary>
    public string CompressorName { get; }

    /// <summary>Compression level (<c>clevel</c>), 0 to 9.</summary>
    public int CompressionLevel { get; }

    /// <summary>Shuffle filter (<c>shuffle</c>).</summary>
    public BloscShuffle Shuffle { get; }

    /// <summary>Requested block size in bytes (<c>blocksize</c>); 0 is automatic.</summary>
    public int BlockSize { get; }

    /// <summary>Explicit item size (<c>typesize</c>), or null to use the encode call's item size.</summary>
    public int? TypeSize { get; }

    /// <summary>Threads one call may spread a chunk's blocks over: 0 for every core of the machine, 1 for none.</summary>
    public int InternalThreads { get; }

    /// <summary>The number of threads <see cref="InternalThreads"/> stands for on this machine.</summary>
    private int Threads => InternalThreads == 0 ? BloscBlockJobs.DefaultThreads : InternalThreads;

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>blosc</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static BloscCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "cname", "clevel", "shuffle", "blocksize", "typesize");
        return new BloscCodec(
            reader.GetString("cname", "lz4"),
            reader.GetInt32("clevel", 5),
            (BloscShuffle)reader.GetInt32("shuffle", (int)BloscShuffle.Shuffle),
            reader.GetInt32("blocksize", 0),
            reader.Has("typesize") ? reader.GetInt32("typesize", 0) : null);
    }

    /// <inheritdoc/>
    public override string Name => Id;

    /// <inheritdoc/>
    public override bool SupportsPartialDecoding => true;

    /// <summary>Builds a codec from the <c>configuration</c> of a Zarr v3 <c>blosc</c> entry.</summary>
    /// <param name="configuration">The configuration: <c>cname</c>, <c>clevel</c>, <c>shuffle</c> (a name), <c>blocksize</c>, and <c>typesize</c> unless <c>noshuffle</c>.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The configuration is invalid; the exception names the key.</exception>
    public static BloscCodec FromV3Config(JsonObject? configuration)
    {
        var reader = CodecConfigReader.ForV3(configuration, Id, "cname", "clevel", "shuffle", "typesize", "blocksize");
        reader.Require("cname", "clevel", "shuffle", "blocksize");
        string shuffleName = reader.GetString("shuffle", "noshuffle");
        BloscShuffle shuffle = shuffleName switch
        {
            "noshuffle" => BloscShuffle.NoShuffle,
            "shuffle" => BloscShuffle.Shuffle,
            "bitshuffle" => BloscShuffle.BitShuffle,
            _ => throw new CodecConfigException(
                "shuffle", $"Blosc's v3 shuffle is \"noshuffle\", \"shuffle\" or \"bitshuffle\", not \"{shuffleName}\"."),
        };
        if (shuffle != BloscShuffle.NoShuffle && !reader.Has("typesize"))
        {
            throw new CodecConfigException("typesize", $"Blosc's v3 config needs a typesize for shuffle \"{shuffleName}\".");
        }

        return new BloscCodec(
            reader.GetString("cname", "lz4"),
            reader.GetInt32("clevel", 5),
            shuffle,
            reader.GetInt32("blocksize", 0),
            reader.Has("typesize") ? reader.GetInt32("typesize", 0) : null);
    }

    /// <inheritdoc/>
    /// <remarks>numcodecs' AUTOSHUFFLE has no v3 name: it is written as what it means for the typesize (bitshuffle for 1 byte).</remarks>
    public override JsonObject GetV3Config()
    {
        BloscShuffle shuffle = Shuffle == BloscShuffle.AutoShuffle
            ? (TypeSize == 1 ? BloscShuffle.BitShuffle : BloscShuffle.Shuffle)
            : Shuffle;
        var configuration = new JsonObject
        {
            ["cname"] = CompressorName,
            ["clevel"] = CompressionLevel,
            ["shuffle"] = shuffle switch
            {
                BloscShuffle.NoShuffle => "noshuffle",
                BloscShuffle.Shuffle => "shuffle",
                _ => "bitshuffle",
            },
        };
        if (TypeSize is int typesize)
        {
            configuration["typesize"] = typesize;
        }

        configuration["blocksize"] = BlockSize;
        return new JsonObject { ["name"] = Id, ["configuration"] = configuration };
    }

    /// <inheritdoc/>
    public override IByteRangeSource CreatePartialDecoder(IByteRangeSource input, ChunkSpec decoded, PartialDecodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(options);
        return new BloscBytesSource(this, input, decoded, options);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = new JsonObject
        {
            ["id"] = Id,
            ["cname"] = CompressorName,
            ["clevel"] = CompressionLevel,
            ["shuffle"] = (int)Shuffle,
            ["blocksize"] = BlockSize,
        };
        if (TypeSize is int typesize)
        {
            config["typesize"] = typesize;
        }

        return config;
    }

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sourceLength, Interop.Blosc.MaxBufferSize);
        return sourceLength + Interop.Blosc.MaxOverhead;
    }

    /// <inheritdoc/>
    /// <exception cref="CorruptDataException">The header is invalid or shorter than 16 bytes.</exception>
    public override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        length = BloscHeader.Read(source).UncompressedLength;
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The whole chunk is validated: every split's compressed length bounds what its block can decode to.
    /// <see cref="TryDecodeCore"/> validates again, as it must for the span overloads; the repeat reads the block table
    /// and the split prefixes only (a few hundred integers for a chunk of megabytes), nothing is decompressed twice.
    /// </remarks>
    protected override long GetDecodedLengthBound(ReadOnlySpan<byte> source)
    {
        BloscHeader header = BloscHeader.Read(source);
        BloscChunkValidator.Validate(source, header);
        return header.UncompressedLength;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        string shuffle = Shuffle switch
        {
            BloscShuffle.AutoShuffle => "AUTOSHUFFLE",
            BloscShuffle.NoShuffle => "NOSHUFFLE",
            BloscShuffle.Shuffle => "SHUFFLE",
            _ => "BITSHUFFLE",
        };
        string typesize = TypeSize is int size ? $", typesize={size}" : string.Empty;
        return $"Blosc(cname='{CompressorName}', clevel={CompressionLevel}, shuffle={shuffle}, blocksize={BlockSize}{typesize})";
    }

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        if (source.Length > Interop.Blosc.MaxBufferSize)
        {
            throw new ArgumentException(
                $"Blosc encodes at most {Interop.Blosc.MaxBufferSize} bytes per chunk, not {source.Length}.", nameof(source));
        }

        bytesWritten = 0;
        if (destination.Length < Interop.Blosc.MaxOverhead)
        {
            return false;
        }

        int bound = source.Length + Interop.Blosc.MaxOverhead;
        if (destination.Length >= bound)
        {
            return TryCompress(source, itemSize, destination, out bytesWritten);
        }

        // c-blosc writes block-start entries (4 bytes each, after the 16-byte header) before it checks them against
        // destsize, so a destination shorter than the worst case is never handed to it: the chunk is made in a pooled
        // buffer of the full bound and copied when it fits. Whatever fits is the same chunk c-blosc would have written
        // into the smaller destination, since it gives up rather than change its output for a tighter one.
        byte[] scratch = ArrayPool<byte>.Shared.Rent(bound);
        try
        {
            if (!TryCompress(source, itemSize, scratch.AsSpan(0, bound), out int written) || written > destination.Length)
            {
                return false;
            }

            scratch.AsSpan(0, written).CopyTo(destination);
            bytesWritten = written;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <inheritdoc/>
    protected override unsafe bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        BloscHeader header = BloscHeader.Read(source);
        BloscChunkValidator.Validate(source, header);
        bytesWritten = 0;
        int length = header.UncompressedLength;
        if (destination.Length < length)
        {
            return false;
        }

        if (length == 0)
        {
            return true;
        }

        if (BloscBlockJobs.IsWorthSpreading(length, header.BlockSize, Threads))
        {
            BloscBlockJobs.Decompress(source, destination[..length], header, Threads);
            bytesWritten = length;
            return true;
        }

        int result;
        fixed (byte* sourcePointer = source)
        fixed (byte* destinationPointer = destination)
        {
            result = Interop.Blosc.blosc_decompress_ctx(sourcePointer, destinationPointer, (nuint)length, 1);
        }

        if (result != length)
        {
            throw new CorruptDataException(
                $"c-blosc could not decompress the {header.CompressorLibrary} chunk (error {result}, expected {length} bytes).");
        }

        bytesWritten = result;
        return true;
    }

    /// <summary>Compresses into a destination of at least nbytes + 16 bytes, the only kind c-blosc is given.</summary>
    private unsafe bool TryCompress(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        int typesize = TypeSize ?? itemSize;
        BloscShuffle shuffle = Shuffle == BloscShuffle.AutoShuffle
            ? (typesize == 1 ? BloscShuffle.BitShuffle : BloscShuffle.Shuffle)
            : Shuffle;

        byte empty = 0;
        int result;
        fixed (byte* sourcePointer = source)
        fixed (byte* destinationPointer = destination)
        fixed (byte* compressor = _compressorUtf8)
        {
            // A chunk too small to spread goes straight to c-blosc; a larger one learns its block size from c-blosc first.
            result = Threads > 1 && source.Length >= BloscBlockJobs.MinimumBytes
                ? BloscBlockJobs.Compress(
                    CompressionLevel, (int)shuffle, typesize, source, destination, compressor, BlockSize, Threads)
                : Interop.Blosc.blosc_compress_ctx(
                    CompressionLevel, (int)shuffle, (nuint)typesize, (nuint)source.Length,
                    sourcePointer is null ? &empty : sourcePointer, destinationPointer, (nuint)destination.Length,
                    compressor, (nuint)BlockSize, 1);
        }

        bytesWritten = 0;
        if (result == 0)
        {
            return false; // c-blosc: the output did not fit in the destination
        }

        if (result < 0)
        {
            throw new NumCodecsException($"c-blosc failed to compress {source.Length} bytes (error {result}).");
        }

        bytesWritten = result;
        return true;
    }
}
