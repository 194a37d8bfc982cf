using NumCodecs.Samples;
using System.Globalization;
using System.Text.Json;
using ScottPlot;

namespace NumCodecs.Benchmarks;

/// <summary>Draws the throughput of NumCodecs beside its managed peers from PeerBenchmarks' full JSON export.</summary>
public static class Chart
{
    /// <summary>Reads <paramref name="jsonPath"/> (a *-report-full.json of PeerBenchmarks) and writes a PNG bar chart.</summary>
    public static int Draw(string jsonPath, string pngPath)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var rows = new List<(string Group, string Series, double MegabytesPerSecond)>();
        foreach (JsonElement benchmark in document.RootElement.GetProperty("Benchmarks").EnumerateArray())
        {
            string method = benchmark.GetProperty("Method").GetString()!;
            string parameters = benchmark.GetProperty("Parameters").GetString()!;
            if (!benchmark.TryGetProperty("Statistics", out JsonElement statistics) || statistics.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            double meanNanoseconds = statistics.GetProperty("Mean").GetDouble();
            int size = int.Parse(Parameter(parameters, "Size"), CultureInfo.InvariantCulture);
            string dataSet = Parameter(parameters, "DataSet");
            (string codec, string library) = method switch
            {
                "ZstdEncode" or "ZstdDecode" => ("zstd", "NumCodecs"),
                "ZstdSharpEncode" or "ZstdSharpDecode" => ("zstd", "ZstdSharp.Port"),
                "Lz4Encode" or "Lz4Decode" => ("lz4", "NumCodecs"),
                "K4osEncode" or "K4osDecode" => ("lz4", "K4os.Compression.LZ4"),
                "ZlibEncode" or "ZlibDecode" => ("zlib", "NumCodecs"),
                _ => ("zlib", "ZLibStream"),
            };
            string op = method.EndsWith("Encode", StringComparison.Ordinal) ? "encode" : "decode";
            rows.Add(($"{codec} {op}\n{dataSet}\n{SyntheticData.SizeLabel(size)}", library, size / (meanNanoseconds * 1e-9) / 1e6));
        }

        if (rows.Count == 0)
        {
            Console.Error.WriteLine($"No measured benchmarks in {jsonPath}.");
            return 1;
        }

        string[] groups = rows.Select(r => r.Group).Distinct().ToArray();
        string[] series = ["NumCodecs", "ZstdSharp.Port", "K4os.Compression.LZ4", "ZLibStream"];
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var legend = new List<LegendItem>();
        for (int s = 0; s < series.Length; s++)
        {
            var bars = new List<Bar>();
            for (int g = 0; g < groups.Length; g++)
            {
                foreach ((string group, string name, double value) in rows.Where(r => r.Group == groups[g] && r.Series == series[s]))
                {
                    double offset = name == "NumCodecs" ? -0.2 : 0.2;
                    // Log scale: throughputs span three orders of magnitude (zlib encode to lz4 decode).
                    bars.Add(new Bar { Position = g + offset, Value = Math.Log10(value), FillColor = palette.GetColor(s), Size = 0.38 });
                }
            }

            if (bars.Count > 0)
            {
                plot.Add.Bars(bars);
                legend.Add(new LegendItem { LabelText = series[s], FillColor = palette.GetColor(s) });
            }
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, groups.Length).Select(i => (double)i).ToArray(), groups);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 0;
        double[] decades = Enumerable.Range(0, 6).Select(d => (double)d).ToArray();
        plot.Axes.Left.SetTicks(decades, decades.Select(d => Math.Pow(10, d).ToString("N0", CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsY(0, 5);
        plot.YLabel("MB/s of uncompressed data (log scale)");
        plot.Title("NumCodecs and managed .NET peers (higher is better)");
        plot.ShowLegend(legend, Alignment.UpperRight);
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(pngPath, Math.Max(900, groups.Length * 120), 650);
        Console.WriteLine($"wrote {pngPath}");
        return 0;
    }

    /// <summary>
    /// Reads the Zarr comparison's JSON lines (benchmarks/compare-zarr.sh) and writes a PNG bar chart of how many
    /// times faster NumCodecs is than zarr-python and than zarrita, per workload, transport and thread count.
    /// </summary>
    public static int DrawZarr(string jsonLinesPath, string pngPath)
    {
        var records = File.ReadLines(jsonLinesPath).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        static double Throughput(JsonElement r) =>
            r.TryGetProperty("rows_per_s", out JsonElement rows) && rows.ValueKind == JsonValueKind.Number
                ? rows.GetDouble()
                : r.GetProperty("result_bytes").GetDouble() / r.GetProperty("seconds").GetDouble();
        var measured = records.Where(r => !r.TryGetProperty("skipped", out _))
            .GroupBy(r => $"{r.GetProperty("workload").GetString()}\n{r.GetProperty("transport").GetString()}, {r.GetProperty("threads").GetInt32()} thr.")
            .ToList();
        string[] peers = ["zarr-python", "zarrita"];
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var legend = new List<LegendItem>();
        for (int p = 0; p < peers.Length; p++)
        {
            var bars = new List<Bar>();
            for (int g = 0; g < measured.Count; g++)
            {
                JsonElement? ours = measured[g].FirstOrDefault(r => r.GetProperty("impl").GetString() == "numcodecs-dotnet");
                JsonElement? theirs = measured[g].FirstOrDefault(r => r.GetProperty("impl").GetString() == peers[p]);
                if (ours is { ValueKind: JsonValueKind.Object } o && theirs is { ValueKind: JsonValueKind.Object } t)
                {
                    double ratio = Throughput(o) / Throughput(t);
                    bars.Add(new Bar { Position = g + (p == 0 ? -0.2 : 0.2), Value = Math.Log10(ratio), FillColor = palette.GetColor(p), Size = 0.38 });
                }
            }

            plot.Add.Bars(bars);
            legend.Add(new LegendItem { LabelText = $"NumCodecs / {peers[p]}", FillColor = palette.GetColor(p) });
        }

        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, measured.Count).Select(i => (double)i)], [.. measured.Select(g => g.Key)]);
        double[] ticks = [-1, 0, 1, 2, 3];
        plot.Axes.Left.SetTicks(ticks, [.. ticks.Select(d => Math.Pow(10, d).ToString("0.#", CultureInfo.InvariantCulture) + "x")]);
        plot.Axes.SetLimitsY(-0.3, 2.5);
        plot.Add.HorizontalLine(0, color: Colors.Black);
        plot.YLabel("times faster than the peer (log scale; above the line: NumCodecs faster)");
        plot.Title("Zarr reads on the same stores: NumCodecs.Zarr against zarr-python 2 and zarrita");
        plot.ShowLegend(legend, Alignment.UpperLeft);
        plot.SavePng(pngPath, Math.Max(1000, measured.Count * 110), 650);
        Console.WriteLine($"wrote {pngPath}");
        return 0;
    }

    private static string Parameter(string parameters, string name) =>
        parameters.Split('&').Select(p => p.Split('=')).Single(p => p[0] == name)[1];
}
