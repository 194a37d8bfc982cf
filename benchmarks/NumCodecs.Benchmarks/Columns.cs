using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Parameters;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NumCodecs.Benchmarks;

/// <summary>A benchmark class that can say how many uncompressed bytes a case handles.</summary>
public interface IDescribedBenchmark
{
    /// <summary>Uncompressed bytes one call processes.</summary>
    int UncompressedBytes { get; }
}

/// <summary>A benchmark class whose cases each use one codec, so that a compression ratio describes them.</summary>
public interface IRatioBenchmark : IDescribedBenchmark
{
    /// <summary>Uncompressed over compressed length for the case's codec and data.</summary>
    double CompressionRatio();
}

/// <summary>Throughput in MB/s of uncompressed data, from the mean time of a case.</summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Uncompressed megabytes (10^6 bytes) per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report?.ResultStatistics is null)
        {
            return "-";
        }

        int bytes = Describe(benchmarkCase).UncompressedBytes;
        return (bytes / (report.ResultStatistics.Mean * 1e-9) / 1e6).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    /// <summary>A fresh instance of the case's class with its parameters set and its setup run.</summary>
    internal static IDescribedBenchmark Describe(BenchmarkCase benchmarkCase)
    {
        object instance = Activator.CreateInstance(benchmarkCase.Descriptor.Type)!;
        foreach (ParameterInstance parameter in benchmarkCase.Parameters.Items)
        {
            benchmarkCase.Descriptor.Type.GetProperty(parameter.Name)!.SetValue(instance, parameter.Value);
        }

        benchmarkCase.Descriptor.GlobalSetupMethod?.Invoke(instance, null);
        return (IDescribedBenchmark)instance;
    }
}

/// <summary>Compression ratio (uncompressed / compressed) of a case's codec on its data.</summary>
public sealed class CompressionRatioColumn : IColumn
{
    public string Id => nameof(CompressionRatioColumn);

    public string ColumnName => "Ratio x";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Uncompressed length over compressed length";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        ((IRatioBenchmark)ThroughputColumn.Describe(benchmarkCase)).CompressionRatio().ToString("F2", System.Globalization.CultureInfo.InvariantCulture);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
