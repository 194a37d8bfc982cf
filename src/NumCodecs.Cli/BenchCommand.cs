using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NumCodecs.Samples;
using Spectre.Console;

namespace NumCodecs.Cli;

/// <summary><c>numcodecs bench</c>: ratio, encode and decode throughput of codecs on the built-in synthetic data sets.</summary>
internal static class BenchCommand
{
    /// <summary>The codecs measured when no <c>--codec</c> is given.</summary>
    public static IReadOnlyList<string> DefaultCodecs { get; } =
    [
        """{"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 0}""",
        """{"id": "blosc", "cname": "zstd", "clevel": 5, "shuffle": 2, "blocksize": 0}""",
        """{"id": "zstd", "level": 3}""",
        """{"id": "lz4", "acceleration": 1}""",
        """{"id": "zlib", "level": 1}""",
        """{"id": "gzip", "level": 1}""",
    ];

    public static int Run(
        IReadOnlyList<string> codecArguments, string size, IReadOnlyList<string> dataSets, bool json, double secondsPerMeasurement,
        TextWriter output, bool interactive)
    {
        int bytes = ParseSize(size);
        IReadOnlyList<string> names = dataSets.Count > 0 ? dataSets : SyntheticData.Names;
        foreach (string name in names.Where(n => !SyntheticData.Names.Contains(n)))
        {
            throw new CliUsageException($"Unknown data set '{name}'; expected one of {string.Join(", ", SyntheticData.Names)}.");
        }

        Codec[] codecs = (codecArguments.Count > 0 ? codecArguments : DefaultCodecs)
            .Select(argument => CodecChain.Parse(argument) switch
            {
                { ObjectCodec: not null } => throw new CliUsageException("bench measures byte codecs on numeric data; object codecs (vlen-*, json2, msgpack2) are not benchmarked here."),
                { Codecs.Count: 1 } chain => chain.Codecs[0],
                _ => throw new CliUsageException("bench takes one codec config per --codec, not a chain."),
            }).ToArray();
        var results = new List<Result>();
        var cases = codecs.SelectMany(codec => names.Select(name => (codec, name))).ToArray();
        if (interactive)
        {
            AnsiConsole.Progress().Start(context =>
            {
                ProgressTask task = context.AddTask("benchmarking", maxValue: cases.Length);
                foreach ((Codec codec, string name) in cases)
                {
                    task.Description = $"{codec} on {name}";
                    results.Add(Measure(codec, name, bytes, secondsPerMeasurement));
                    task.Increment(1);
                }
            });
        }
        else
        {
            results.AddRange(cases.Select(c => Measure(c.codec, c.name, bytes, secondsPerMeasurement)));
        }

        if (json)
        {
            var array = new JsonArray(results.Select(r => (JsonNode)new JsonObject
            {
                ["codec"] = r.Codec.GetConfig(),
                ["dataset"] = r.DataSet,
                ["bytes"] = r.Bytes,
                ["encoded_bytes"] = r.EncodedBytes,
                ["ratio"] = Math.Round((double)r.Bytes / r.EncodedBytes, 3),
                ["encode_mb_per_second"] = Math.Round(r.EncodeMegabytesPerSecond, 1),
                ["decode_mb_per_second"] = Math.Round(r.DecodeMegabytesPerSecond, 1),
            }).ToArray());
            output.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return CliErrors.Ok;
        }

        var table = new Table().Title($"numcodecs bench: {SyntheticData.SizeLabel(bytes)} per call");
        table.AddColumn("codec").AddColumn("data set");
        table.AddColumn(new TableColumn("ratio").RightAligned());
        table.AddColumn(new TableColumn("encode MB/s").RightAligned());
        table.AddColumn(new TableColumn("decode MB/s").RightAligned());

        foreach (Result r in results)
        {
            table.AddRow(
                Markup.Escape(r.Codec.ToString()!),
                r.DataSet,
                ((double)r.Bytes / r.EncodedBytes).ToString("F2", CultureInfo.InvariantCulture),
                r.EncodeMegabytesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                r.DecodeMegabytesPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Math.Max(console.Profile.Width, 140); // room for Blosc's repr on one line
        console.Write(table);
        return CliErrors.Ok;
    }

    /// <summary>"64K", "1M", "16MiB", "4096": a size in bytes.</summary>
    public static int ParseSize(string text)
    {
        string t = text.Trim().ToUpperInvariant().Replace("IB", string.Empty, StringComparison.Ordinal).Replace("B", string.Empty, StringComparison.Ordinal);
        long multiplier = t.EndsWith('K') ? 1 << 10 : t.EndsWith('M') ? 1 << 20 : t.EndsWith('G') ? 1 << 30 : 1;
        string digits = multiplier == 1 ? t : t[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value * multiplier is < 8 or > 1 << 30)
        {
            throw new CliUsageException($"--size '{text}' is not a size between 8 bytes and 1 GiB (such as 64K, 1M, 16M).");
        }

        return (int)(value * multiplier);
    }

    private static Result Measure(Codec codec, string dataSet, int bytes, double seconds)
    {
        (byte[] data, int itemSize) = SyntheticData.Make(dataSet, bytes);
        byte[] encoded = new byte[codec.GetMaxEncodedLength(data.Length)];
        byte[] decoded = new byte[data.Length];
        if (!codec.TryEncode(data, itemSize, encoded, out int encodedLength))
        {
            throw new NumCodecsException($"{codec} could not encode {dataSet}.");
        }

        double encodeRate = Rate(() => codec.TryEncode(data, itemSize, encoded, out _), seconds);
        ReadOnlyMemory<byte> packed = encoded.AsMemory(0, encodedLength);
        double decodeRate = Rate(() => codec.TryDecode(packed.Span, decoded, out _), seconds);
        if (!data.AsSpan().SequenceEqual(decoded))
        {
            throw new CorruptDataException($"{codec} did not round-trip {dataSet}.");
        }

        return new Result(codec, dataSet, data.Length, encodedLength, encodeRate * data.Length / 1e6, decodeRate * data.Length / 1e6);
    }

    /// <summary>Calls per second: one warm-up call, then calls until <paramref name="seconds"/> have passed.</summary>
    private static double Rate(Func<bool> call, double seconds)
    {
        call();
        long calls = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            call();
            calls++;
        }
        while (clock.Elapsed.TotalSeconds < seconds);
        return calls / clock.Elapsed.TotalSeconds;
    }

    private sealed record Result(Codec Codec, string DataSet, int Bytes, int EncodedBytes, double EncodeMegabytesPerSecond, double DecodeMegabytesPerSecond);
}
