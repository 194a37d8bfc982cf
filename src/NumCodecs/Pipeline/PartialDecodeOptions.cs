using NumCodecs.Blosc;

namespace NumCodecs.Pipeline;

/// <summary>How partial decoders of a codec pipeline plan their reads.</summary>
public sealed class PartialDecodeOptions
{
    /// <summary>The defaults: 64 KiB coalescing gap, 16 reads at once, Blosc's defaults.</summary>
    public static PartialDecodeOptions Default { get; } = new();

    /// <summary>
    /// Largest gap, in bytes, between two needed byte ranges (the runs of a <c>bytes</c> chunk, the inner chunks of a
    /// shard) that is read and discarded to merge two reads into one. 0 merges only adjacent ranges. Default 64 KiB.
    /// </summary>
    public int MaxCoalesceGap { get; init; } = 64 * 1024;

    /// <summary>
    /// Most reads (and inner chunk decodes) one call issues at once: concurrent tasks on the asynchronous paths,
    /// threads on the synchronous ones. 1 reads one range after another on the calling thread. Default 16.
    /// </summary>
    public int MaxConcurrency { get; init; } = 16;

    /// <summary>How Blosc chunks (and Blosc inner chunks of shards) are read by block.</summary>
    public BloscPartialOptions Blosc { get; init; } = BloscPartialOptions.Default;
}
