using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Running;

namespace NumCodecs.Benchmarks;

/// <summary>Runs the BenchmarkDotNet suite; results land in BenchmarkDotNet.Artifacts/results (see docs/benchmarks/README.md).</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // The default config already writes GitHub markdown, CSV and HTML; add the full JSON for charts.
        IConfig config = DefaultConfig.Instance.AddExporter(JsonExporter.Full);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
