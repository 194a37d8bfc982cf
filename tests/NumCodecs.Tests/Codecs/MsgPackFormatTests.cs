using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;

namespace NumCodecs.Tests.Codecs;

/// <summary>
/// The MessagePack reader and writer under <see cref="MsgPackCodec"/>: the bytes msgpack-python 1.0 writes for each
/// format boundary, and bad input (cut short, forged counts, formats numcodecs never writes) refused with
/// <see cref="CorruptDataException"/> and nothing else.
/// </summary>
public sealed class MsgPackFormatTests
{
    private const string ReferencePython = "/usr/bin/python3"; // Debian's Python, where python3-msgpack installs

    // Expected bytes printed by msgpack-python 1.0.3: python3 -c 'import msgpack; print(msgpack.packb(VALUE).hex())'.
    [Theory]
    [InlineData("0", "00")]
    [InlineData("1", "01")]
    [InlineData("127", "7f")]
    [InlineData("128", "cc80")]
    [InlineData("255", "ccff")]
    [InlineData("256", "cd0100")]
    [InlineData("65535", "cdffff")]
    [InlineData("65536", "ce00010000")]
    [InlineData("4294967295", "ceffffffff")]
    [InlineData("4294967296", "cf0000000100000000")]
    [InlineData("9223372036854775807", "cf7fffffffffffffff")]
    [InlineData("9223372036854775808", "cf8000000000000000")]
    [InlineData("18446744073709551615", "cfffffffffffffffff")]
    [InlineData("-1", "ff")]
    [InlineData("-32", "e0")]
    [InlineData("-33", "d0df")]
    [InlineData("-128", "d080")]
    [InlineData("-129", "d1ff7f")]
    [InlineData("-32768", "d18000")]
    [InlineData("-32769", "d2ffff7fff")]
    [InlineData("-2147483648", "d280000000")]
    [InlineData("-2147483649", "d3ffffffff7fffffff")]
    [InlineData("-9223372036854775808", "d38000000000000000")]
    public void IntegersTakeTheFormatMsgPackPythonPicks(string value, string expectedHex)
    {
        var integer = BigInteger.Parse(value, CultureInfo.InvariantCulture);
        byte[] expected = Convert.FromHexString(expectedHex);
        if (integer >= 0)
        {
            Assert.Equal(expected, Written(w => w.WriteUInt64((ulong)integer)));
        }

        if (integer <= long.MaxValue)
        {
            Assert.Equal(expected, Written(w => w.WriteInt64((long)integer)));
        }

        var reader = new MsgPackReader(expected, "The test data");
        Assert.Equal(MsgPackType.Integer, reader.NextType);
        BigInteger read = integer > long.MaxValue ? reader.ReadUInt64() : reader.ReadInt64();
        Assert.Equal(integer, read);
        Assert.True(reader.End);

        // Through the codec: a one-item array of the integer, read back as long, or ulong above long.MaxValue.
        var codec = new MsgPackCodec();
        object item = integer > long.MaxValue ? (ulong)integer : (long)integer;
        byte[] encoded = codec.Encode(new ObjectArray([item]));
        Assert.Equal([0x93, .. expected, 0xa2, (byte)'|', (byte)'O', 0x91, 0x01], encoded);
        Assert.Equal(item, codec.Decode(encoded)[0]);
    }

    // Expected bytes printed by msgpack-python 1.0.3 (packb with the defaults, or use_single_float=True).
    [Theory]
    [InlineData("nil", "c0")]
    [InlineData("true", "c3")]
    [InlineData("false", "c2")]
    [InlineData("1.5", "cb3ff8000000000000")]
    [InlineData("-0.0", "cb8000000000000000")]
    [InlineData("inf", "cb7ff0000000000000")]
    [InlineData("single 0.1", "ca3dcccccd")]
    [InlineData("single 1e40", "ca7f800000")] // too large for float32: infinity, as C's (float) cast gives
    public void ScalarsAreWrittenAsMsgPackPythonWritesThem(string value, string expectedHex)
    {
        byte[] ours = Written(w =>
        {
            switch (value)
            {
                case "nil": w.WriteNil(); break;
                case "true": w.WriteBoolean(true); break;
                case "false": w.WriteBoolean(false); break;
                case "inf": w.WriteFloat64(double.PositiveInfinity); break;
                case "single 0.1": w.WriteFloat32((float)0.1); break;
                case "single 1e40": w.WriteFloat32((float)1e40); break;
                default: w.WriteFloat64(double.Parse(value, CultureInfo.InvariantCulture)); break;
            }
        });
        Assert.Equal(Convert.FromHexString(expectedHex), ours);
        Assert.Equal(ours, Copied(ours, oldSpec: false));
    }

    // Headers printed by msgpack-python 1.0.3 for "a" * length and b"a" * length, with use_bin_type True and False.
    [Theory]
    [InlineData(0, "a0", "c400", "a0")]
    [InlineData(31, "bf", "c41f", "bf")]
    [InlineData(32, "d920", "c420", "da0020")]
    [InlineData(255, "d9ff", "c4ff", "da00ff")]
    [InlineData(256, "da0100", "c50100", "da0100")]
    [InlineData(65535, "daffff", "c5ffff", "daffff")]
    [InlineData(65536, "db00010000", "c600010000", "db00010000")]
    public void StringAndBytesHeadersFollowUseBinType(int length, string strHex, string binHex, string oldSpecHex)
    {
        string text = new('a', length);
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        Assert.Equal([.. Convert.FromHexString(strHex), .. bytes], Written(w => w.WriteString(text)));
        Assert.Equal([.. Convert.FromHexString(binHex), .. bytes], Written(w => w.WriteBinary(bytes)));

        // use_bin_type=False: no str 8, and bytes take the str header, so both come out the same.
        Assert.Equal([.. Convert.FromHexString(oldSpecHex), .. bytes], Written(w => w.WriteString(text), oldSpec: true));
        Assert.Equal([.. Convert.FromHexString(oldSpecHex), .. bytes], Written(w => w.WriteBinary(bytes), oldSpec: true));
    }

    // Headers printed by msgpack-python 1.0.3 for [None] * count and {str(i): None for i in range(count)}.
    [Theory]
    [InlineData(0, "90", "80")]
    [InlineData(15, "9f", "8f")]
    [InlineData(16, "dc0010", "de0010")]
    [InlineData(65535, "dcffff", "deffff")]
    [InlineData(65536, "dd00010000", "df00010000")]
    public void ArrayAndMapHeadersTakeTheSmallestFormat(int count, string arrayHex, string mapHex)
    {
        Assert.Equal(Convert.FromHexString(arrayHex), Written(w => w.WriteArrayHeader(count)));
        Assert.Equal(Convert.FromHexString(mapHex), Written(w => w.WriteMapHeader(count)));
    }

    [SkippableFact]
    public void WriterAndReaderMatchMsgPackPythonAcrossEveryFormat()
    {
        Skip.IfNot(ReferenceAvailable(), $"msgpack-python is not installed ({ReferencePython} cannot import msgpack; apt-get install python3-msgpack)");

        // Each case: a Python expression, its packb options, and the same value through our writer.
        var cases = new List<(string Python, bool UseBinType, bool SingleFloat, Action<MsgPackWriter> Write)>
        {
            ("None", true, false, w => w.WriteNil()),
            ("[True, False]", true, false, w => { w.WriteArrayHeader(2); w.WriteBoolean(true); w.WriteBoolean(false); }),
            ("float('nan')", true, false, w => w.WriteFloat64(BitConverter.UInt64BitsToDouble(0x7FF8_0000_0000_0000))),
            ("struct.unpack('>d', bytes.fromhex('fff0000000000001'))[0]", true, false, w => w.WriteFloat64(BitConverter.UInt64BitsToDouble(0xFFF0_0000_0000_0001))),
            ("[0.0, -0.0, 5e-324, 1.7976931348623157e308, float('-inf'), 0.1]", true, false, w =>
            {
                w.WriteArrayHeader(6);
                foreach (double d in new[] { 0.0, -0.0, double.Epsilon, double.MaxValue, double.NegativeInfinity, 0.1 })
                {
                    w.WriteFloat64(d);
                }
            }),
            ("[0.1, 1e-50, 3.4028235e38, 1e40, -2.5]", true, true, w =>
            {
                w.WriteArrayHeader(5);
                foreach (double d in new[] { 0.1, 1e-50, 3.4028235e38, 1e40, -2.5 })
                {
                    w.WriteFloat32((float)d);
                }
            }),
            ("'Zürich 日本語 🙂'", true, false, w => w.WriteString("Zürich 日本語 🙂")),
            ("'Zürich 日本語 🙂' * 3", false, false, w => w.WriteString(string.Concat(Enumerable.Repeat("Zürich 日本語 🙂", 3)))),
        };

        BigInteger[] integers = [0, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, (BigInteger)uint.MaxValue + 1, long.MaxValue, (BigInteger)long.MaxValue + 1, ulong.MaxValue, -1, -32, -33, -128, -129, -32768, -32769, int.MinValue, (BigInteger)int.MinValue - 1, long.MinValue];
        cases.Add(($"[{string.Join(", ", integers.Select(i => i.ToString(CultureInfo.InvariantCulture)))}]", true, false, w =>
        {
            w.WriteArrayHeader(integers.Length);
            foreach (BigInteger i in integers)
            {
                if (i > long.MaxValue)
                {
                    w.WriteUInt64((ulong)i);
                }
                else
                {
                    w.WriteInt64((long)i);
                }
            }
        }));

        foreach (int length in new[] { 0, 31, 32, 255, 256, 65535, 65536, 70_000 })
        {
            foreach (bool useBinType in new[] { true, false })
            {
                cases.Add(($"'a' * {length}", useBinType, false, w => w.WriteString(new string('a', length))));
                cases.Add(($"bytes(i % 256 for i in range({length}))", useBinType, false, w => w.WriteBinary(Enumerable.Range(0, length).Select(i => (byte)i).ToArray())));
            }
        }

        foreach (int count in new[] { 0, 15, 16, 65535, 65536 })
        {
            cases.Add(($"[None] * {count}", true, false, w =>
            {
                w.WriteArrayHeader(count);
                for (int i = 0; i < count; i++)
                {
                    w.WriteNil();
                }
            }));
            cases.Add(($"{{str(i): i for i in range({count})}}", true, false, w =>
            {
                w.WriteMapHeader(count);
                for (int i = 0; i < count; i++)
                {
                    w.WriteString(i.ToString(CultureInfo.InvariantCulture));
                    w.WriteInt64(i);
                }
            }));
        }

        string[] reference = PackWithMsgPackPython(cases.Select(c => (c.Python, c.UseBinType, c.SingleFloat)));
        Assert.Equal(cases.Count, reference.Length);
        for (int i = 0; i < cases.Count; i++)
        {
            byte[] expected = Convert.FromHexString(reference[i]);
            byte[] ours = Written(cases[i].Write, oldSpec: !cases[i].UseBinType);
            Assert.True(expected.AsSpan().SequenceEqual(ours), $"{cases[i].Python} (use_bin_type={cases[i].UseBinType}): ours {Describe(ours)}, msgpack-python {Describe(expected)}");

            // The reader takes msgpack-python's bytes apart, and the writer puts them back together unchanged.
            byte[] copied = Copied(expected, oldSpec: !cases[i].UseBinType);
            Assert.True(expected.AsSpan().SequenceEqual(copied), $"{cases[i].Python}: read and written again {Describe(copied)}, msgpack-python {Describe(expected)}");
        }
    }

    public static TheoryData<string> Configs() => new()
    {
        """{"id": "msgpack2"}""",
        """{"id": "msgpack2", "use_single_float": true}""",
        """{"id": "msgpack2", "use_bin_type": false}""",
        """{"id": "msgpack2", "raw": true}""",
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void AMessageCutShortAtAnyByteThrowsCorruptData(string config)
    {
        ObjectCodec codec = CodecRegistry.GetObjectCodec(config);
        var items = new List<object?>
        {
            null, true, false, 0L, 127L, 128L, 255L, 256L, 65535L, 65536L, (long)uint.MaxValue, 1L << 32, ulong.MaxValue,
            -1L, -32L, -33L, -128L, -129L, -32768L, -32769L, (long)int.MinValue - 1, long.MinValue, 1.5, -0.1,
            "", "abc", new string('s', 40), new string('t', 300), Array.Empty<byte>(), "bytes"u8.ToArray(), new byte[300],
            Enumerable.Range(0, 20).Select(i => (object?)(long)i).ToList(),
            new Dictionary<string, object?> { ["k"] = new List<object?> { "nested", new Dictionary<string, object?> { ["deeper"] = 2L } } },
            Enumerable.Range(0, 17).ToDictionary(i => $"key {i}", i => (object?)(i * 1000L)),
        };
        byte[] encoded = codec.Encode(new ObjectArray(items));
        Assert.Equal(items.Count, codec.Decode(encoded).Count); // the whole message decodes

        for (int length = 0; length < encoded.Length; length++)
        {
            var error = Assert.Throws<CorruptDataException>(() => codec.Decode(encoded.AsSpan(0, length)));
            Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        }
    }

    // One value of each format, including lengths in wider fields than needed (msgpack-python reads those too).
    [Theory]
    [InlineData("c0")]                                  // nil
    [InlineData("c3")]                                  // true
    [InlineData("05")]                                  // positive fixint
    [InlineData("f0")]                                  // negative fixint
    [InlineData("cc05")]                                // uint 8
    [InlineData("cd0005")]                              // uint 16
    [InlineData("ce00000005")]                          // uint 32
    [InlineData("cf0000000000000005")]                  // uint 64
    [InlineData("d0fb")]                                // int 8
    [InlineData("d1fffb")]                              // int 16
    [InlineData("d2fffffffb")]                          // int 32
    [InlineData("d3fffffffffffffffb")]                  // int 64
    [InlineData("ca3fc00000")]                          // float 32
    [InlineData("cb3ff8000000000000")]                  // float 64
    [InlineData("a3616263")]                            // fixstr
    [InlineData("d903616263")]                          // str 8
    [InlineData("da0003616263")]                        // str 16
    [InlineData("db00000003616263")]                    // str 32
    [InlineData("c4026162")]                            // bin 8
    [InlineData("c500026162")]                          // bin 16
    [InlineData("c6000000026162")]                      // bin 32
    [InlineData("9201a0")]                              // fixarray
    [InlineData("dc000201a0")]                          // array 16
    [InlineData("dd0000000201a0")]                      // array 32
    [InlineData("81a16bc0")]                            // fixmap
    [InlineData("de0001a16bc0")]                        // map 16
    [InlineData("df00000001a16bc0")]                    // map 32
    public void EachFormatCutShortAtAnyByteThrowsCorruptData(string valueHex)
    {
        // [value, "|O", [1]]: a one-item object array.
        byte[] message = [0x93, .. Convert.FromHexString(valueHex), 0xa2, (byte)'|', (byte)'O', 0x91, 0x01];
        foreach (ObjectCodec codec in new ObjectCodec[] { new MsgPackCodec(), new MsgPackCodec(raw: true) })
        {
            Assert.Single(codec.Decode(message).Items);
            for (int length = 0; length < message.Length; length++)
            {
                var error = Assert.Throws<CorruptDataException>(() => codec.Decode(message.AsSpan(0, length)));
                Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("ddffffffff01", "array 32 header at byte 0 claims 4294967295 items")]
    [InlineData("dfffffffff01", "map 32 header at byte 0 claims 4294967295 entries")]
    [InlineData("dbffffffff01", "4294967295 bytes of a str 32")]
    [InlineData("c6ffffffff01", "4294967295 bytes of a bin 32")]
    [InlineData("91dcffff0102", "array 16 header at byte 1 claims 65535 items")]
    [InlineData("9201dd0000000201", "array 32 header at byte 2 claims 2 items, but only 1 bytes follow")]
    [InlineData("de00020101c0", "map 16 header at byte 0 claims 2 entries, but only 3 bytes follow")]
    public void CountsAndLengthsBeyondTheInputAreRefusedBeforeAllocating(string forgedHex, string expectedMessage)
    {
        byte[] forged = Convert.FromHexString(forgedHex);
        var codec = new MsgPackCodec();
        _ = Assert.Throws<CorruptDataException>(() => codec.Decode(forged)); // first-call costs out of the measurement

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CorruptDataException>(() => codec.Decode(forged));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated to refuse {forged.Length} bytes");
    }

    [Theory]
    [InlineData("c1", "0xC1")]
    [InlineData("c70101ff", "ext 8")]
    [InlineData("c8000101ff", "ext 16")]
    [InlineData("c90000000101ff", "ext 32")]
    [InlineData("d401ff", "fixext 1")]
    [InlineData("d501ffff", "fixext 2")]
    [InlineData("d601ffffffff", "fixext 4")]
    [InlineData("d701ffffffffffffffff", "fixext 8")]
    [InlineData("d801ffffffffffffffffffffffffffffffff", "fixext 16")]
    public void ExtensionTypesAndTheUnusedByteAreRefused(string valueHex, string expectedMessage)
    {
        byte[] message = [0x93, .. Convert.FromHexString(valueHex), 0xa2, (byte)'|', (byte)'O', 0x91, 0x01];
        var error = Assert.Throws<CorruptDataException>(() => new MsgPackCodec().Decode(message));
        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.Contains("at byte 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BytesAfterTheMessageAreRefused()
    {
        byte[] message = [0x93, 0x01, 0xa2, (byte)'|', (byte)'O', 0x91, 0x01, 0xc0, 0xc0];
        var error = Assert.Throws<CorruptDataException>(() => new MsgPackCodec().Decode(message));
        Assert.Equal("The msgpack2 data has 2 bytes after its message.", error.Message);
    }

    [Fact]
    public void ReadingAValueOfAnotherTypeNamesBoth()
    {
        byte[] text = Convert.FromHexString("a161");
        var error = Assert.Throws<CorruptDataException>(() => new MsgPackReader(text, "The test data").ReadInt64());
        Assert.Equal("The test data has a value of format fixstr (0xA1) at byte 0, where one of type Integer is needed.", error.Message);

        byte[] negative = Convert.FromHexString("ff");
        Assert.Contains("zero or more", Assert.Throws<CorruptDataException>(() => new MsgPackReader(negative, "The test data").ReadUInt64()).Message, StringComparison.Ordinal);
        byte[] large = Convert.FromHexString("cfffffffffffffffff");
        Assert.Contains("64 signed bits", Assert.Throws<CorruptDataException>(() => new MsgPackReader(large, "The test data").ReadInt64()).Message, StringComparison.Ordinal);
        byte[] float64 = Convert.FromHexString("cb3ff8000000000000");
        Assert.Contains("where a float 32 is needed", Assert.Throws<CorruptDataException>(() => new MsgPackReader(float64, "The test data").ReadSingle()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StringsAreSlicesOfTheInputAndHeadersReportTheirPosition()
    {
        byte[] input = Convert.FromHexString("92a3616263c40101");
        var reader = new MsgPackReader(input, "The test data");
        Assert.Equal(2, reader.ReadArrayHeader());
        Assert.Equal(1, reader.Consumed);
        Assert.Equal("abc"u8.ToArray(), reader.ReadStringBytes().ToArray());
        Assert.Equal(5, reader.Consumed);
        Assert.Equal(new byte[] { 1 }, reader.ReadBinary().ToArray());
        Assert.True(reader.End);
        Assert.Equal(0, reader.Remaining);
        try
        {
            _ = reader.NextType;
            Assert.Fail("NextType at the end did not throw.");
        }
        catch (CorruptDataException e)
        {
            Assert.Equal("The test data ends where a value should start, at byte 8 (truncated).", e.Message);
        }
    }

    private static byte[] Written(Action<MsgPackWriter> write, bool oldSpec = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new MsgPackWriter(buffer, oldSpec));
        return buffer.WrittenSpan.ToArray();
    }

    // Every value of the input read with the reader and written again with the writer.
    private static byte[] Copied(byte[] input, bool oldSpec)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MsgPackWriter(buffer, oldSpec);
        var reader = new MsgPackReader(input, "The test data");
        while (!reader.End)
        {
            Copy(ref reader, writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Copy(ref MsgPackReader reader, MsgPackWriter writer)
    {
        switch (reader.NextType)
        {
            case MsgPackType.Nil:
                reader.ReadNil();
                writer.WriteNil();
                break;
            case MsgPackType.Boolean:
                writer.WriteBoolean(reader.ReadBoolean());
                break;
            case MsgPackType.Integer when reader.NextCode == 0xCF:
                writer.WriteUInt64(reader.ReadUInt64());
                break;
            case MsgPackType.Integer:
                writer.WriteInt64(reader.ReadInt64());
                break;
            case MsgPackType.Float when reader.NextCode == 0xCA:
                writer.WriteFloat32(reader.ReadSingle());
                break;
            case MsgPackType.Float:
                writer.WriteFloat64(reader.ReadDouble());
                break;
            case MsgPackType.String when writer.OldSpec:
                writer.WriteBinary(reader.ReadStringBytes()); // the old spec writes bytes under a str header
                break;
            case MsgPackType.String:
                writer.WriteString(Encoding.UTF8.GetString(reader.ReadStringBytes()));
                break;
            case MsgPackType.Binary:
                writer.WriteBinary(reader.ReadBinary());
                break;
            case MsgPackType.Array:
                int count = reader.ReadArrayHeader();
                writer.WriteArrayHeader(count);
                for (int i = 0; i < count; i++)
                {
                    Copy(ref reader, writer);
                }

                break;
            case MsgPackType.Map:
                int entries = reader.ReadMapHeader();
                writer.WriteMapHeader(entries);
                for (int i = 0; i < 2 * entries; i++)
                {
                    Copy(ref reader, writer);
                }

                break;
            default:
                throw new InvalidOperationException($"Unexpected {reader.NextType} in msgpack-python's output.");
        }
    }

    private static string Describe(byte[] bytes) =>
        $"{bytes.Length} bytes starting {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 24)))}";

    private static bool ReferenceAvailable()
    {
        if (!File.Exists(ReferencePython))
        {
            return false;
        }

        (int exitCode, _) = ProcessRunner.Run(ReferencePython, "-c", "import msgpack");
        return exitCode == 0;
    }

    // packb of each expression, one hex line per case.
    private static string[] PackWithMsgPackPython(IEnumerable<(string Python, bool UseBinType, bool SingleFloat)> cases)
    {
        string input = Path.GetTempFileName();
        try
        {
            var list = new JsonArray();
            foreach ((string python, bool useBinType, bool singleFloat) in cases)
            {
                list.Add(new JsonArray(python, useBinType, singleFloat));
            }

            File.WriteAllText(input, list.ToJsonString());
            (int exitCode, string output) = ProcessRunner.Run(
                ReferencePython,
                "-c",
                "import json, msgpack, struct, sys\n" +
                "for expression, use_bin_type, single in json.load(open(sys.argv[1], encoding='utf-8')):\n" +
                "    print(msgpack.packb(eval(expression), use_bin_type=use_bin_type, use_single_float=single).hex())",
                input);
            Assert.True(exitCode == 0, output);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            File.Delete(input);
        }
    }
}
