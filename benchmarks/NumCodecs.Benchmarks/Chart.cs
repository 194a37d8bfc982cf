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

    private static string Parameter(string parameters, string name) =>
        parameters.Split('&').Select(p => p.Split('=')).Single(p => p[0] == name)[1];
}
