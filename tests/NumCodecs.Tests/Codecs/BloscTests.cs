using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NumCodecs.Blosc;
using NumCodecs.Native;

namespace NumCodecs.Tests.Codecs;

public sealed unsafe class BloscTests
{
    private static readonly byte[] s_floats = TestData.SmoothFloats(100_000);

    [Fact]
    public void HeaderMatchesWhatCBloscReads()
    {
        foreach (var codec in new[]
        {
            new BloscCodec("lz4", 5, BloscShuffle.Shuffle),
            new BloscCodec("zstd", 3, BloscShuffle.BitShuffle, blocksize: 8192),
            new BloscCodec("blosclz", 0, BloscShuffle.NoShuffle),
            new BloscCodec("zlib", 5, BloscShuffle.NoShuffle),
        })
        {
            byte[] chunk = codec.Encode(s_floats, 4);
            BloscHeader header = BloscHeader.Read(chunk);
            nuint nbytes, cbytes, blocksize, typesize;
            int flags, version, versionlz;
            string? complib;
            fixed (byte* pointer = chunk)
            {
                Interop.Blosc.blosc_cbuffer_sizes(pointer, &nbytes, &cbytes, &blocksize);
                Interop.Blosc.blosc_cbuffer_metainfo(pointer, &typesize, &flags);
                Interop.Blosc.blosc_cbuffer_versions(pointer, &version, &versionlz);
                complib = Marshal.PtrToStringUTF8((nint)Interop.Blosc.blosc_cbuffer_complib(pointer));
            }

            Assert.Equal((int)nbytes, header.UncompressedLength);
            Assert.Equal((int)cbytes, header.CompressedLength);
            Assert.Equal(chunk.Length, header.CompressedLength);
            Assert.Equal((int)blocksize, header.BlockSize);
            Assert.Equal((int)typesize, header.TypeSize);
            Assert.Equal(flags, header.Flags & 0x07); // c-blosc reports the shuffle and memcpyed bits only
            Assert.Equal(version, header.Version);
            Assert.Equal(versionlz, header.VersionLz);
            Assert.Equal(complib, header.CompressorLibrary);
            Assert.Equal(codec.CompressionLevel == 0, header.IsMemcpyed);
            Assert.Equal(codec.CompressionLevel == 0 ? BloscShuffle.NoShuffle : codec.Shuffle, header.Shuffle);
        }
    }

    [Fact]
    public void TypedOverloadsGiveBloscTheItemSize()
    {
        var codec = new BloscCodec();
        Assert.Equal(4, BloscHeader.Read(codec.Encode<float>(MemoryMarshal.Cast<byte, float>(s_floats))).TypeSize);
        Assert.Equal(8, BloscHeader.Read(codec.Encode<long>(new long[1000])).TypeSize);
        Assert.Equal(1, BloscHeader.Read(codec.Encode(s_floats)).TypeSize);
        Assert.Equal(2, BloscHeader.Read(new BloscCodec(typesize: 2).Encode<float>(MemoryMarshal.Cast<byte, float>(s_floats))).TypeSize);
    }

    [Fact]
    public void AutoShuffleBitShufflesBytesAndByteShufflesWiderItems()
    {
        var codec = new BloscCodec(shuffle: BloscShuffle.AutoShuffle);
        Assert.Equal(BloscShuffle.BitShuffle, BloscHeader.Read(codec.Encode(s_floats)).Shuffle);
        Assert.Equal(BloscShuffle.Shuffle, BloscHeader.Read(codec.Encode(s_floats, 4)).Shuffle);
    }

    [Fact]
    public void CompressorsAreThoseTheConstructorAccepts()
    {
        foreach (string name in BloscCodec.Compressors)
        {
            Assert.Equal(name, new BloscCodec(name).CompressorName);
        }

        Assert.Equal(NativeLibraryInfo.BloscVersion, BloscCodec.Version);
    }

    [Fact]
    public void MultithreadedCompressionIsDecodable()
    {
        // zstd blocks are not split, so c-blosc keeps the forced 4 KiB blocksize: about 100 blocks for 4 threads.
        var codec = new BloscCodec("zstd", 1, BloscShuffle.Shuffle, blocksize: 4096, internalThreads: 4);
        byte[] chunk = codec.Encode(s_floats, 4);
        Assert.True(BloscHeader.Read(chunk).BlockCount > 50);
        Assert.Equal(s_floats, new BloscCodec().Decode(chunk));
    }

    public static TheoryData<string, string> ForgedChunks() => new()
    {
        { "truncated", "truncated chunk" },
        { "short", "16-byte header" },
        { "version", "format version 3" },
        { "reserved", "reserved flag" },
        { "typesize", "typesize is 0" },
        { "nbytes", "nbytes is negative" },
        { "cbytes-small", "smaller than the header" },
        { "blocksize-zero", "blocksize 0" },
        { "blocksize-large", "blocksize" },
        { "memcpyed", "memcpyed" },
        { "snappy", "Snappy is not compiled" },
        { "versionlz", "format version 7" },
        { "table-low", "outside the data area" },
        { "table-high", "outside the data area" },
        { "split-negative", "compressed length -5" },
        { "split-long", "runs past the block's end" },
        { "table-room", "leaves no room" },
    };

    [Theory]
    [MemberData(nameof(ForgedChunks))]
    public void ForgedChunksAreRejectedBeforeAnyNativeCall(string forgery, string expectedMessage)
    {
        // 256 KiB of floats in 64 KiB blocks (c-blosc 1.x widens a forced lz4 blocksize to at least 64 KiB), each
        // block split into 4 streams, one per byte of a float.
        byte[] chunk = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, blocksize: 8192).Encode(s_floats.AsSpan(0, 262_144), 4);
        BloscHeader header = BloscHeader.Read(chunk);
        Assert.Equal(4, header.BlockCount);
        Assert.Equal(4, BloscChunkValidator.SplitCount(header, header.BlockSize, isLeftover: false));
        int firstStart = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(16));
        switch (forgery)
        {
            case "truncated": chunk = chunk[..^1]; break;
            case "short": chunk = chunk[..15]; break;
            case "version": chunk[0] = 3; break;
            case "reserved": chunk[2] |= 0x08; break;
            case "typesize": chunk[3] = 0; break;
            case "nbytes": BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(4), -1); break;
            case "cbytes-small": BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(12), 15); break;
            case "blocksize-zero": BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(8), 0); break;
            case "blocksize-large": BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(8), header.UncompressedLength + 1); break;
            case "memcpyed": chunk[2] |= 0x02; break;
            case "snappy": chunk[2] = (byte)((chunk[2] & 0x1f) | (2 << 5)); break;
            case "versionlz": chunk[1] = 7; break;
            case "table-low": BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(20), header.DataOffset - 1); break;
            case "table-high": BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(20), chunk.Length); break;
            case "split-negative": BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(firstStart), -5); break;
            case "split-long": BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(firstStart), chunk.Length); break;
            case "table-room": BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(4), 1 << 30); BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(8), 1); break;
            default: throw new ArgumentException(forgery);
        }

        var codec = new BloscCodec();
        var error = Assert.ThrowsAny<CorruptDataException>(() => codec.Decode(chunk, new byte[1 << 20]));
        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyChunkIsAHeaderOnly()
    {
        byte[] chunk = new BloscCodec().Encode(ReadOnlySpan<byte>.Empty);
        Assert.Equal(BloscHeader.Length, chunk.Length);
        Assert.Equal(0, BloscHeader.Read(chunk).UncompressedLength);
        Assert.Equal(0, BloscHeader.Read(chunk).BlockCount);
    }

    [Fact]
    public void ReprLooksLikeNumcodecs()
    {
        Assert.Equal("Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE, blocksize=0)", new BloscCodec().ToString());
        Assert.Equal(
            "Blosc(cname='zstd', clevel=1, shuffle=AUTOSHUFFLE, blocksize=4096)",
            new BloscCodec("zstd", 1, BloscShuffle.AutoShuffle, 4096).ToString());
    }
}
