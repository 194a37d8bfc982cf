using System.Buffers;
using System.Runtime.InteropServices;

namespace NumCodecs.Tests.Codecs;

/// <summary>
/// The contract every codec keeps (numcodecs' tests/common.py, dotnet/runtime's EncoderDecoderTestBase): each codec's
/// test class supplies only its configs.
/// </summary>
public abstract class CodecContractTests
{
    private const byte Sentinel = 0xCD;

    /// <summary>The configurations under test.</summary>
    protected abstract IReadOnlyList<Codec> Codecs { get; }

    /// <summary>
    /// Whether every truncation is caught. Checksums cannot all promise it (Adler-32 and Fletcher-32 give the same sum
    /// for runs of zeros of many lengths), so for them a truncated input must only never crash.
    /// </summary>
    protected virtual bool DetectsEveryTruncation => true;

    /// <summary>The inputs the round-trip checks use; a codec with constraints (whole elements, booleans) supplies its own.</summary>
    protected virtual IReadOnlyList<byte[]> Samples => TestData.Samples;

    /// <summary>Whether an empty input encodes to something (a header); filters may encode it to nothing.</summary>
    protected virtual bool EncodesEmptyToBytes => true;

    /// <summary>Whether an empty input decodes to nothing rather than failing (Python's bz2.decompress(b'') is b'').</summary>
    protected virtual bool EmptyInputDecodesToNothing => false;

    /// <summary>Whether any bytes round-trip (packbits keeps only booleans).</summary>
    protected virtual bool RoundTripsAnyBytes => true;

    [Fact]
    public void RoundTripsByteArrays()
    {
        ForEach((codec, sample) => Assert.Equal(sample, codec.Decode(codec.Encode(sample))));
    }

    [Fact]
    public void RoundTripsSpansWithoutWritingPastTheirLength()
    {
        ForEach((codec, sample) =>
        {
            int max = codec.GetMaxEncodedLength(sample.Length);
            byte[] encoded = Filled(max + 64);
            Assert.True(codec.TryEncode(sample, encoded.AsSpan(0, max), out int encodedLength));
            Assert.InRange(encodedLength, EncodesEmptyToBytes ? 1 : 0, max);
            Assert.All(encoded[max..], b => Assert.Equal(Sentinel, b));

            byte[] decoded = Filled(sample.Length + 64);
            Assert.Equal(sample.Length, codec.Decode(encoded.AsSpan(0, encodedLength), decoded.AsSpan(0, sample.Length)));
            Assert.Equal(sample, decoded[..sample.Length]);
            Assert.All(decoded[sample.Length..], b => Assert.Equal(Sentinel, b));

            Assert.True(codec.TryDecode(encoded.AsSpan(0, encodedLength), decoded, out int written));
            Assert.Equal(sample.Length, written);
        });
    }

    [Fact]
    public void RoundTripsThroughBufferWriters()
    {
        ForEach((codec, sample) =>
        {
            var encoded = new ArrayBufferWriter<byte>();
            codec.Encode(sample, encoded);
            var decoded = new ArrayBufferWriter<byte>();
            codec.Decode(encoded.WrittenSpan, decoded);
            Assert.True(sample.AsSpan().SequenceEqual(decoded.WrittenSpan));
        });
    }

    [Fact]
    public void RoundTripsMultiSegmentSequences()
    {
        ForEach((codec, sample) =>
        {
            var encoded = new ArrayBufferWriter<byte>();
            codec.Encode(Segmented(sample, 977), encoded);
            Assert.Equal(sample, codec.Decode(encoded.WrittenSpan));

            var decoded = new ArrayBufferWriter<byte>();
            codec.Decode(Segmented(encoded.WrittenSpan.ToArray(), 313), decoded);
            Assert.True(sample.AsSpan().SequenceEqual(decoded.WrittenSpan));
        });
    }

    [Fact]
    public void RoundTripsTypedItems()
    {
        if (!RoundTripsAnyBytes)
        {
            return; // such a codec's own test class checks its typed round trip
        }

        foreach (Codec codec in Codecs)
        {
            float[] values = MemoryMarshal.Cast<byte, float>(TestData.SmoothFloats(5000)).ToArray();
            byte[] encoded = codec.Encode<float>(values);
            float[] decoded = new float[values.Length];
            Assert.Equal(values.Length, codec.Decode<float>(encoded, decoded));
            Assert.Equal(values, decoded);
        }
    }

    [Fact]
    public void RoundTripsEmptyInput()
    {
        foreach (Codec codec in Codecs)
        {
            byte[] encoded = codec.Encode(ReadOnlySpan<byte>.Empty);
            Assert.Equal(EncodesEmptyToBytes, encoded.Length > 0);
            Assert.Empty(codec.Decode(encoded));
            Assert.Equal(0, codec.Decode(encoded, Span<byte>.Empty));
        }
    }

    [Fact]
    public void TryEncodeReturnsFalseWhenTheDestinationIsTooSmall()
    {
        ForEach((codec, sample) =>
        {
            int length = codec.Encode(sample).Length;
            if (length == 0)
            {
                return; // nothing can be too small for an empty encoding
            }

            byte[] destination = Filled(length + 16);
            Assert.False(codec.TryEncode(sample, destination.AsSpan(0, length - 1), out int written));
            Assert.Equal(0, written);
            Assert.All(destination[(length - 1)..], b => Assert.Equal(Sentinel, b));
            Assert.False(codec.TryEncode(sample, Span<byte>.Empty, out _));
        });
    }

    [Fact]
    public void DecodeRefusesADestinationThatIsTooSmall()
    {
        ForEach((codec, sample) =>
        {
            if (sample.Length == 0)
            {
                return;
            }

            byte[] encoded = codec.Encode(sample);
            byte[] destination = Filled(sample.Length + 16);
            Assert.False(codec.TryDecode(encoded, destination.AsSpan(0, sample.Length - 1), out int written));
            Assert.Equal(0, written);
            Assert.All(destination[(sample.Length - 1)..], b => Assert.Equal(Sentinel, b));
            var error = Assert.Throws<ArgumentException>(() => codec.Decode(encoded, new byte[sample.Length - 1]));
            Assert.Equal("destination", error.ParamName);
        });
    }

    [Fact]
    public void ConfigRoundTripsToAnEqualCodec()
    {
        foreach (Codec codec in Codecs)
        {
            Codec fromObject = CodecRegistry.GetCodec(codec.GetConfig());
            Codec fromText = CodecRegistry.GetCodec(codec.GetConfig().ToJsonString());
            Assert.Equal(codec, fromObject);
            Assert.Equal(codec, fromText);
            Assert.Equal(codec.GetHashCode(), fromText.GetHashCode());
            Assert.Equal(codec.CodecId, (string?)codec.GetConfig()["id"]);
            Assert.Equal(codec.ToString(), fromText.ToString());
        }
    }

    [Fact]
    public void TruncatedInputThrowsAClearError()
    {
        ForEach((codec, sample) =>
        {
            byte[] encoded = codec.Encode(sample);
            foreach (int length in PrefixLengths(encoded.Length))
            {
                if (length == 0 && EmptyInputDecodesToNothing)
                {
                    Assert.Empty(codec.Decode(ReadOnlySpan<byte>.Empty));
                    continue;
                }

                if (!DetectsEveryTruncation)
                {
                    DecodeOrReject(codec, encoded[..length], new byte[sample.Length]);
                    continue;
                }

                var error = Assert.ThrowsAny<NumCodecsException>(() => codec.Decode(encoded.AsSpan(0, length)));
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
            }
        });
    }

    [Fact]
    public void CorruptedInputNeverCrashesOrWritesPastTheDestination()
    {
        var random = new Random(7);
        ForEach((codec, sample) =>
        {
            byte[] encoded = codec.Encode(sample);
            if (encoded.Length == 0)
            {
                return; // no bit to flip
            }

            byte[] destination = Filled(sample.Length + 64);
            for (int trial = 0; trial < 200; trial++)
            {
                byte[] corrupt = (byte[])encoded.Clone();
                int flips = 1 + random.Next(3);
                for (int f = 0; f < flips; f++)
                {
                    int bit = random.Next(corrupt.Length * 8);
                    corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                destination.AsSpan().Fill(Sentinel);
                DecodeOrReject(codec, corrupt, destination.AsSpan(0, sample.Length));
                Assert.All(destination[sample.Length..], b => Assert.Equal(Sentinel, b));
            }
        });
    }

    [Fact]
    public void RandomInputNeverCrashes()
    {
        var random = new Random(11);
        byte[] destination = new byte[1 << 20];
        foreach (Codec codec in Codecs)
        {
            for (int trial = 0; trial < 300; trial++)
            {
                byte[] input = new byte[random.Next(0, trial < 150 ? 64 : 4096)];
                random.NextBytes(input);
                DecodeOrReject(codec, input, destination);
                try
                {
                    _ = codec.Decode(input);
                }
                catch (NumCodecsException)
                {
                }
            }
        }
    }

    [Fact]
    public void ManyThreadsEncodeAndDecodeAtOnce()
    {
        // Each thread decodes what another encoded, and (single-threaded Blosc being deterministic) checks that its
        // own encoding decodes to the same bytes.
        IReadOnlyList<Codec> codecs = Codecs;
        IReadOnlyList<byte[]> samples = Samples;
        var encodedBefore = codecs.Select(c => samples.Select(s => c.Encode(s)).ToArray()).ToArray();

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int c = i % codecs.Count;
            int s = (i / codecs.Count) % samples.Count;
            byte[] encoded = codecs[c].Encode(samples[s]);
            Assert.Equal(samples[s], codecs[c].Decode(encoded));
            Assert.Equal(samples[s], codecs[c].Decode(encodedBefore[c][s]));
        });
    }

    [Fact]
    public void SpanCallsAllocateNothingInSteadyState()
    {
        byte[] sample = TestData.SmoothFloats(16_384);
        foreach (Codec codec in Codecs)
        {
            byte[] encoded = new byte[codec.GetMaxEncodedLength(sample.Length)];
            byte[] decoded = new byte[sample.Length];
            Assert.True(codec.TryEncode(sample, encoded, out int length));
            Assert.True(codec.TryDecode(encoded.AsSpan(0, length), decoded, out _));

            // Tests of other classes run in parallel and may hold every pooled context of a shared pool for a moment,
            // which makes a call create one; the claim is about the steady state, so the best of a few rounds counts.
            long fewest = long.MaxValue;
            for (int round = 0; round < 5 && fewest > 0; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++)
                {
                    codec.TryEncode(sample, encoded, out length);
                    codec.TryDecode(encoded.AsSpan(0, length), decoded, out _);
                }

                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            Assert.True(fewest == 0, $"{codec}: {fewest} bytes allocated over 100 encode+decode calls");
        }
    }

    [Fact]
    public void AllocatingDecodesHonourMaxDecodedLength()
    {
        byte[] sample = TestData.Counters(2048);
        foreach (Codec original in Codecs)
        {
            byte[] encoded = original.Encode(sample);
            Codec capped = original.WithMaxDecodedLength(sample.Length - 1);
            Assert.Equal(original, capped); // the limit is not part of the config
            Assert.Equal(Array.MaxLength, original.MaxDecodedLength);

            Assert.Throws<DecodedLengthLimitException>(() => capped.Decode(encoded));
            Assert.Throws<DecodedLengthLimitException>(() => capped.Decode(encoded, new ArrayBufferWriter<byte>()));
            Assert.Equal(sample.Length, capped.Decode(encoded, new byte[sample.Length])); // caller-owned spans are not capped
        }
    }

    /// <summary>Decodes; a rejection must be a <see cref="NumCodecsException"/> with a message.</summary>
    private static void DecodeOrReject(Codec codec, byte[] input, Span<byte> destination)
    {
        try
        {
            codec.TryDecode(input, destination, out _);
        }
        catch (NumCodecsException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    private void ForEach(Action<Codec, byte[]> check)
    {
        foreach (Codec codec in Codecs)
        {
            foreach (byte[] sample in Samples)
            {
                try
                {
                    check(codec, sample);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new Xunit.Sdk.XunitException($"{codec} on {sample.Length} bytes: {e.Message}", e);
                }
            }
        }
    }

    private static IEnumerable<int> PrefixLengths(int length)
    {
        if (length <= 300)
        {
            return Enumerable.Range(0, length);
        }

        var random = new Random(length);
        return Enumerable.Range(0, 64).Concat(Enumerable.Range(length - 64, 64)).Concat(Enumerable.Range(0, 100).Select(_ => random.Next(length)));
    }

    private static byte[] Filled(int length)
    {
        byte[] buffer = new byte[length];
        buffer.AsSpan().Fill(Sentinel);
        return buffer;
    }

    internal static ReadOnlySequence<byte> Segmented(byte[] data, int segmentLength)
    {
        if (data.Length <= segmentLength)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var first = new Segment(data.AsMemory(0, segmentLength), 0);
        Segment last = first;
        for (int offset = segmentLength; offset < data.Length; offset += segmentLength)
        {
            last = last.Append(data.AsMemory(offset, Math.Min(segmentLength, data.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

public sealed class BloscContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } =
    [
        new BloscCodec(),
        new BloscCodec("blosclz", 9, Blosc.BloscShuffle.NoShuffle),
        new BloscCodec("lz4hc", 5, Blosc.BloscShuffle.BitShuffle, blocksize: 4096),
        new BloscCodec("zlib", 1, Blosc.BloscShuffle.AutoShuffle),
        new BloscCodec("zstd", 3, Blosc.BloscShuffle.Shuffle, typesize: 8),
        new BloscCodec("lz4", 0, Blosc.BloscShuffle.Shuffle),
        new BloscCodec("zstd", 5, Blosc.BloscShuffle.BitShuffle, blocksize: 16_384, internalThreads: 2),
    ];
}

public sealed class ZstdContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } =
        [new ZstdCodec(), new ZstdCodec(0), new ZstdCodec(-7), new ZstdCodec(19, checksum: true)];
}

public sealed class Lz4ContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } = [new Lz4Codec(), new Lz4Codec(50), new Lz4Codec(0)];
}

public sealed class ZlibContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } = [new ZlibCodec(), new ZlibCodec(0), new ZlibCodec(9), new ZlibCodec(-1)];
}

public sealed class Bz2ContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } = [new Bz2Codec(), new Bz2Codec(9)];

    protected override bool EmptyInputDecodesToNothing => true;
}

public sealed class GZipContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } = [new GZipCodec(), new GZipCodec(0), new GZipCodec(9)];
}

public sealed class LzmaContractTests : CodecContractTests
{
    protected override IReadOnlyList<Codec> Codecs { get; } =
    [
        new LzmaCodec(),
        new LzmaCodec(check: 1, preset: 1),
        new LzmaCodec(LzmaFormat.Alone, preset: 0),
        new LzmaCodec(LzmaFormat.Raw, filters: [LzmaFilter.Lzma1(preset: 1, dictSize: 1 << 16)]),
        new LzmaCodec(LzmaFormat.Raw, filters: [LzmaFilter.Delta(4), LzmaFilter.Lzma2(preset: 0)]),
        new LzmaCodec(check: 10, filters: [LzmaFilter.BranchConverter(LzmaFilter.X86Id), LzmaFilter.Lzma2(preset: 2, mode: 1)]),
    ];
}
