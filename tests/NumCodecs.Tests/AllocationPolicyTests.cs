using System.Buffers;
using System.Buffers.Binary;
using NumCodecs.Tests.Codecs;

namespace NumCodecs.Tests;

/// <summary>
/// Memory as a tested property (docs/codecs.md, "Hostile input"): no decode allocates more than twice what it really
/// produces, plus what the format could expand its input to where it records a length, plus 1 MiB. Small forged,
/// truncated and mutated inputs for every codec are measured with the thread's GC allocation counter.
/// </summary>
public sealed class AllocationPolicyTests
{
    private const long Slack = 1 << 20; // bytes: pooled contexts, exceptions and their messages, small buffers

    private static readonly object[] s_arrays = [new[] { 1, 2, 3 }, Array.Empty<int>(), new[] { 4 }];
    private static readonly object[] s_byteStrings = [new byte[] { 1, 2 }, Array.Empty<byte>(), new byte[] { 3, 4, 5 }];

    // Decoded bytes per input byte that a codec may allocate before it knows better: the largest expansion of the
    // formats that record a length (zstd's 32 KiB per byte covers Blosc's zstd splits; gzip's trailer records its
    // member's length, within deflate's 1,032); 0 for the codecs whose output grows only as it is produced, or is as
    // long as their input.
    public static TheoryData<string, int> Configs { get; } = new()
    {
        { """{"id":"blosc","cname":"lz4","clevel":5,"shuffle":1,"blocksize":0}""", 32 * 1024 },
        { """{"id":"blosc","cname":"zstd","clevel":3,"shuffle":2,"blocksize":4096}""", 32 * 1024 },
        { """{"id":"blosc","cname":"blosclz","clevel":0,"shuffle":0,"blocksize":0}""", 32 * 1024 },
        { """{"id":"blosc","cname":"zlib","clevel":1,"shuffle":1,"blocksize":0}""", 32 * 1024 },
        { """{"id":"zstd","level":1}""", 32 * 1024 },
        { """{"id":"zstd","level":3,"checksum":true}""", 32 * 1024 },
        { """{"id":"lz4","acceleration":1}""", 256 },
        { """{"id":"zlib","level":1}""", 0 },
        { """{"id":"gzip","level":1}""", 1032 },
        { """{"id":"bz2","level":1}""", 0 },
        { """{"id":"lzma","format":1,"check":-1,"preset":null,"filters":null}""", 0 },
        { """{"id":"lzma","format":2,"check":-1,"preset":1,"filters":null}""", 0 },
        { """{"id":"delta","dtype":"<i4"}""", 0 },
        { """{"id":"shuffle","elementsize":4}""", 0 },
        { """{"id":"astype","encode_dtype":"<i1","decode_dtype":"<f8"}""", 0 },
        { """{"id":"packbits"}""", 0 },
        { """{"id":"base64"}""", 0 },
        { """{"id":"crc32"}""", 0 },
        { """{"id":"adler32"}""", 0 },
        { """{"id":"fletcher32"}""", 0 },
        { """{"id":"jenkins_lookup3","initval":0,"prefix":null}""", 0 },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void SmallHostileInputsAllocateWithinThePolicy(string config, int bytesPerInputByte)
    {
        Codec codec = CodecRegistry.GetCodec(config);
        foreach (byte[] input in HostileInputs(codec))
        {
            long produced = Produced(codec, input);
            long allowed = (2 * produced) + ((long)bytesPerInputByte * input.Length) + Slack;

            long toArray = AllocatedBy(() => Swallow(() => codec.Decode(input)));
            long toWriter = AllocatedBy(() => Swallow(() => codec.Decode(input, new ExactWriter())));

            Assert.True(toArray <= allowed, $"{codec}: Decode(span) of {input.Length} bytes producing {produced} allocated {toArray} > {allowed}");
            Assert.True(toWriter <= allowed, $"{codec}: Decode(writer) of {input.Length} bytes producing {produced} allocated {toWriter} > {allowed}");
        }
    }

    [Theory]
    [InlineData("""{"id":"vlen-utf8"}""")]
    [InlineData("""{"id":"vlen-bytes"}""")]
    [InlineData("""{"id":"vlen-array","dtype":"<i4"}""")]
    [InlineData("""{"id":"json2"}""")]
    [InlineData("""{"id":"msgpack2"}""")]
    public void SmallHostileInputsToObjectCodecsAllocateInProportionToTheirLength(string config)
    {
        ObjectCodec codec = CodecRegistry.GetObjectCodec(config);
        ObjectArray sample = config.Contains("vlen-array", StringComparison.Ordinal)
            ? new ObjectArray(s_arrays)
            : config.Contains("vlen-bytes", StringComparison.Ordinal)
                ? new ObjectArray(s_byteStrings)
                : ObjectArray.FromStrings(["foo", "", "a longer string", "x"]);
        foreach (byte[] input in Mutations(codec.Encode(sample)))
        {
            // An item costs a reference and an object header or two whatever its bytes: 64 bytes per input byte.
            long allowed = (64L * input.Length) + Slack;
            long allocated = AllocatedBy(() => Swallow(() => codec.Decode(input)));
            Assert.True(allocated <= allowed, $"{codec}: {input.Length} bytes allocated {allocated} > {allowed}");
        }
    }

    private static IEnumerable<byte[]> HostileInputs(Codec codec)
    {
        foreach (byte[] sample in new[] { TestData.SmoothFloats(2_000), TestData.Counters(3_000), new byte[10_000] })
        {
            byte[] encoded;
            try
            {
                encoded = codec.Encode(sample, 4);
            }
            catch (ArgumentException)
            {
                continue; // a filter whose dtype does not divide the sample
            }

            foreach (byte[] input in Mutations(encoded))
            {
                yield return input;
            }
        }
    }

    /// <summary>Truncations, length fields forged to huge values at every offset of the first 40 bytes, and random bit flips.</summary>
    private static IEnumerable<byte[]> Mutations(byte[] encoded)
    {
        yield return encoded;
        foreach (int length in new[] { 0, 1, 4, 5, 9, 16, 17, 32, encoded.Length / 2, encoded.Length - 1 })
        {
            if (length >= 0 && length < encoded.Length)
            {
                yield return encoded.AsSpan(0, length).ToArray();
            }
        }

        foreach (uint value in new[] { 0x7FFF_FFF0u, 0x3FFF_FFFFu, 0xFFFF_FFFFu, 0x0800_0000u })
        {
            for (int offset = 0; offset + 4 <= Math.Min(40, encoded.Length); offset++)
            {
                byte[] little = (byte[])encoded.Clone();
                BinaryPrimitives.WriteUInt32LittleEndian(little.AsSpan(offset), value);
                yield return little;
                byte[] big = (byte[])encoded.Clone();
                BinaryPrimitives.WriteUInt32BigEndian(big.AsSpan(offset), value);
                yield return big;
            }
        }

        var random = new Random(encoded.Length);
        for (int trial = 0; trial < 60 && encoded.Length > 0; trial++)
        {
            byte[] flipped = (byte[])encoded.Clone();
            for (int flip = random.Next(1, 4); flip > 0; flip--)
            {
                flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
            }

            yield return flipped;
        }
    }

    /// <summary>What the decoder really emits for <paramref name="input"/>, counted without keeping it (0 when it refuses at once).</summary>
    private static long Produced(Codec codec, byte[] input)
    {
        var counter = new CountingWriter();
        Swallow(() => codec.Decode(input, counter));
        return counter.Written;
    }

    private static void Swallow(Action decode)
    {
        try
        {
            decode();
        }
        catch (NumCodecsException)
        {
        }
        catch (ArgumentException)
        {
        }
    }

    private static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Counts what is written into one reused scratch buffer, refusing requests no small input justifies.</summary>
    private sealed class CountingWriter : IBufferWriter<byte>
    {
        private const int MaxRequest = 64 << 20; // bytes

        [ThreadStatic]
        private static byte[]? t_scratch;

        public long Written { get; private set; }

        public void Advance(int count) => Written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

        private static byte[] Scratch(int sizeHint)
        {
            if (sizeHint > MaxRequest)
            {
                throw new InvalidOperationException($"A decoder of a small input asked its writer for {sizeHint} bytes at once.");
            }

            int length = Math.Max(sizeHint, 1 << 20);
            if (t_scratch is null || t_scratch.Length < length)
            {
                t_scratch = new byte[length];
            }

            return t_scratch;
        }
    }

    /// <summary>A writer that allocates exactly what it is asked for, piece by piece, so a decoder's requests show in the count.</summary>
    private sealed class ExactWriter : IBufferWriter<byte>
    {
        private byte[] _piece = [];
        private int _written;

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Reserve(sizeHint).AsMemory(_written);

        public Span<byte> GetSpan(int sizeHint = 0) => Reserve(sizeHint).AsSpan(_written);

        private byte[] Reserve(int sizeHint)
        {
            int needed = Math.Max(sizeHint, 1);
            if (_piece.Length - _written < needed)
            {
                // A new piece of just the size asked; what was written stays in the old one (and is dropped).
                _piece = new byte[needed];
                _written = 0;
            }

            return _piece;
        }
    }
}
