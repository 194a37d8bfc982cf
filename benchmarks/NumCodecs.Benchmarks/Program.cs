using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Running;

namespace NumCodecs.Benchmarks;

/// <summary>
/// The benchmarks' entry point. BenchmarkDotNet by default (<c>--filter</c> and its other options; <c>--quick</c>
/// narrows the parameters and uses a short job; <c>--export DIR</c> copies the markdown and JSON results there),
/// plus <c>harness SAMPLE</c>, <c>sample PATH</c> and <c>chart JSON PNG</c> for benchmarks/compare.sh and the docs, and
/// <c>zarr-stores DIR</c>, <c>zarr-compare DIR ...</c> and <c>zarr-chart JSONL PNG</c> for benchmarks/compare-zarr.sh.
/// See docs/benchmarks/README.md.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "harness" when args.Length == 2:
                return Harness.Run(args[1], Console.Out);
            case "sample" when args.Length == 2:
                Harness.WriteSample(args[1]);
                return 0;
            case "zarr-stores" when args.Length == 2:
                return ZarrCompare.WriteStores(args[1]);
            case "zarr-compare" when args.Length >= 2:
                return ZarrCompare.Run(args[1..]);
            case "zarr-chart" when args.Length == 3:
                return Chart.DrawZarr(args[1], args[2]);
            case "chart" when args.Length == 3:
                return Chart.Draw(args[1], args[2]);
        }

        var rest = args.ToList();
        if (rest.Remove("--quick"))
        {
            Environment.SetEnvironmentVariable("NUMCODECS_BENCH_QUICK", "1"); // inherited by the benchmark processes
            if (!rest.Contains("--job") && !rest.Contains("-j"))
            {
                rest.AddRange(["--job", "short"]);
            }
        }

        string? export = null;
        int exportIndex = rest.IndexOf("--export");
        if (exportIndex >= 0 && exportIndex + 1 < rest.Count)
        {
            export = rest[exportIndex + 1];
            rest.RemoveRange(exportIndex, 2);
        }

        // The default config already writes GitHub markdown, CSV and HTML; add the full JSON for charts.
        IConfig config = DefaultConfig.Instance.AddExporter(JsonExporter.Full);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest.ToArray(), config);
        if (export is not null)
        {
            Directory.CreateDirectory(export);
            foreach (var summary in summaries)
            {
                foreach (string file in Directory.GetFiles(summary.ResultsDirectoryPath))
                {
                    if (file.EndsWith("-report-github.md", StringComparison.Ordinal) || file.EndsWith("-report-full.json", StringComparison.Ordinal))
                    {
                        File.Copy(file, Path.Combine(export, Path.GetFileName(file)), overwrite: true);
                    }
                }
            }
        }

        return 0;
    }
}
