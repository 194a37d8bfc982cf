using System.Diagnostics;
using System.Globalization;
using System.Text;
using NumCodecs.Fuzz;
using NumCodecs.Fuzz.Targets;

// NumCodecs fuzz targets (see fuzz/README.md):
//   fuzz TARGET                       run under afl-fuzz (SharpFuzz's out-of-process fork server; input on stdin)
//   replay TARGET FILE|DIR...         run inputs without a fuzzer; prints OK or the finding per input
//   corpus OUTDIR [--fixtures DIR]    write seed corpora, OUTDIR/<target>/...
//   list                              the targets
// Targets are built only when used: under afl-fuzz no instrumented code may run before SharpFuzz maps the coverage
// memory, and building one means building its codecs.
TargetInfo[] targets =
[
    new("blosc", "BloscCodec decode overloads (TryDecode, Decode into spans, arrays and buffer writers) and round trips", Families.Blosc),
    new("zstd", "ZstdCodec decode overloads (frames with and without content size, checksums, concatenated frames) and round trips", Families.Zstd),
    new("lz4", "Lz4Codec decode overloads (numcodecs' length-prefixed LZ4 blocks) and round trips", Families.Lz4),
    new("zlib", "ZlibCodec and GZipCodec decode overloads (streams, concatenated members, trailing bytes) and round trips", Families.Zlib),
    new("bz2", "Bz2Codec decode overloads (multi-stream data, Python's decoding loop) and round trips", Families.Bz2),
    new("lzma", "LzmaCodec decode overloads for the xz, alone (.lzma), raw and auto formats with filter chains, and round trips", Families.Lzma),
    new("filters", "filter and checksum codecs (delta, shuffle, astype, fixedscaleoffset, quantize, bitround, packbits, categorize, base64, crc32, adler32, crc32c, fletcher32, jenkins_lookup3): decode overloads and round trips", () => new FiltersTarget()),
    new("objects", "object codecs (vlen-utf8, vlen-bytes, vlen-array, json2, msgpack2, categorize |O): decode, re-encode, re-decode", () => new ObjectsTarget()),
    new("blosc-partial", "BloscPartialDecoder (item ranges, selections) and BloscChunkReader over memory and copying sources, 1 and 2 threads, cached", () => new BloscPartialTarget()),
    new("zarr-v3", "Zarr v3 pipelines (sharding_indexed with start and end indexes, nested shards, Blosc and plain inner chunks, transpose, bytes, gzip, zstd, crc32c): whole and partial decodes over memory and copying sources, sync and async", () => new ZarrV3Target()),
    new("encode", "TryEncode of every byte codec into short, exact and random destinations with guard bytes; round trips", () => new EncodeTarget()),
];

if (args is not ["fuzz", ..])
{
    GiveCoverageAPlace();
}

return args switch
{
    ["fuzz", string name] => Find(name) is { } target ? Fuzz(target) : Usage($"unknown target '{name}'"),
    ["replay", string name, .. var paths] when paths.Length > 0 => Find(name) is { } target ? Replay.Run(target.Name, target.Create(), paths) : Usage($"unknown target '{name}'"),
    ["corpus", string outDir, .. var rest] => WriteCorpus(outDir, rest),
    ["list"] => List(),
    _ => Usage(null),
};

TargetInfo? Find(string name) => targets.FirstOrDefault(t => t.Name == name);

static int Fuzz(TargetInfo info)
{
    FuzzTarget? target = null;
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        if (target is null)
        {
            // Static initialisation and the first run's JIT paths would show up as coverage of whatever input comes
            // first (after every restart of the child): run them on an empty input and forget their trace.
            target = info.Create();
            try
            {
                target.Run([]);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // the empty input's outcome does not matter here
            }

            ForgetCoverage();
        }

        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        target.Run(memory.ToArray());
    });
    return 0;
}

// Outside afl-fuzz an instrumented NumCodecs.dll still writes its trace: give it memory of its own.
static unsafe void GiveCoverageAPlace()
{
    if (SharpFuzz.Common.Trace.SharedMem is null)
    {
        SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1 << 16);
    }
}

static unsafe void ForgetCoverage()
{
    const int MapSize = 1 << 16; // SharpFuzz's coverage map, as afl-fuzz's default
    new Span<byte>(SharpFuzz.Common.Trace.SharedMem, MapSize).Clear();
    SharpFuzz.Common.Trace.PrevLocation = 0;
}

int WriteCorpus(string outDir, string[] rest)
{
    string? fixtures = null;
    var names = new List<string>();
    for (int i = 0; i < rest.Length; i++)
    {
        if (rest[i] == "--fixtures" && i + 1 < rest.Length)
        {
            fixtures = rest[++i];
        }
        else
        {
            names.Add(rest[i]);
        }
    }

    if (fixtures is not null && !Directory.Exists(fixtures))
    {
        return Usage($"no fixtures folder at {fixtures}");
    }

    var context = new SeedContext(fixtures);
    foreach (TargetInfo info in targets.Where(t => names.Count == 0 || names.Contains(t.Name)))
    {
        FuzzTarget target = info.Create();
        string folder = Path.Combine(outDir, info.Name);
        Directory.CreateDirectory(folder);
        int count = 0;
        long bytes = 0;
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (Seed seed in target.Seeds(context))
        {
            // One file per distinct input; names stay unique even where two seeds share one.
            string hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(seed.Input))[..12];
            if (written.Add(hash))
            {
                File.WriteAllBytes(Path.Combine(folder, $"{seed.Name}-{hash.ToLowerInvariant()}"), seed.Input);
                count++;
                bytes += seed.Input.Length;
            }
        }

        Console.WriteLine($"{info.Name}: {count} seeds, {bytes:N0} bytes in {folder}");
    }

    return 0;
}

int List()
{
    foreach (TargetInfo target in targets)
    {
        Console.WriteLine($"{target.Name,-14} {target.Description}");
    }

    return 0;
}

int Usage(string? error)
{
    var text = new StringBuilder();
    if (error is not null)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"error: {error}");
    }

    text.AppendLine("usage: NumCodecs.Fuzz fuzz TARGET | replay TARGET FILE|DIR... | corpus OUTDIR [--fixtures DIR] [TARGET...] | list");
    text.AppendLine("targets: " + string.Join(", ", targets.Select(t => t.Name)));
    Console.Error.Write(text.ToString());
    return 2;
}

/// <summary>A target as the command line names it; <see cref="Create"/> builds it (and its codecs).</summary>
internal sealed record TargetInfo(string Name, string Description, Func<FuzzTarget> Create);

/// <summary>Runs inputs through a target outside any fuzzer and says what each did.</summary>
internal static class Replay
{
    // Per input: longer than this is a hang (afl-fuzz is given the same limit by run.sh).
    private static readonly int s_timeoutMs =
        int.TryParse(Environment.GetEnvironmentVariable("NUMCODECS_FUZZ_TIMEOUT_MS"), out int ms) && ms > 0 ? ms : 5000;

    public static int Run(string name, FuzzTarget target, string[] paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => !Path.GetFileName(f).StartsWith('.') && Path.GetFileName(f) != "README.txt")
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                Console.Error.WriteLine($"error: no file or folder at {path}");
                return 2;
            }
        }

        int findings = 0;
        var signatures = new List<string>();
        foreach (string file in files)
        {
            byte[] input = File.ReadAllBytes(file);
            Exception? error = RunOne(target, file, input, out long elapsedMs);
            if (error is null)
            {
                Console.WriteLine($"OK      {file} ({elapsedMs} ms)");
                continue;
            }

            // The full description once per kind of finding; repeats name the first.
            findings++;
            string signature = Signature(error);
            int known = signatures.IndexOf(signature);
            if (known >= 0)
            {
                Console.WriteLine($"FINDING {file} ({elapsedMs} ms, {input.Length} bytes): same kind as finding {known + 1}");
                continue;
            }

            signatures.Add(signature);
            Console.WriteLine($"FINDING {file} ({elapsedMs} ms, {input.Length} bytes): finding {signatures.Count}");
            Console.WriteLine(Describe(error, "  "));
        }

        Console.WriteLine($"{name}: replayed {files.Count} inputs, {files.Count - findings} OK, {findings} findings of {signatures.Count} kinds");
        return findings == 0 ? 0 : 1;
    }

    /// <summary>
    /// What makes two findings the same kind: the exception types down the chain, the start of the message with its
    /// numbers taken out, and the innermost library frame.
    /// </summary>
    private static string Signature(Exception e)
    {
        var parts = new List<string>();
        string? libraryFrame = null;
        for (Exception? current = e; current is not null; current = current is AggregateException a ? a.InnerExceptions[0] : current.InnerException)
        {
            parts.Add(current.GetType().Name);
            libraryFrame = (current.StackTrace ?? string.Empty).Split('\n')
                .Select(l => l.Trim())
                .FirstOrDefault(l => l.StartsWith("at NumCodecs.", StringComparison.Ordinal) && !l.StartsWith("at NumCodecs.Fuzz.", StringComparison.Ordinal))
                ?? libraryFrame;
        }

        // The call and what it did, without the numbers or the inner messages (an AggregateException lists them all).
        string message = new(e.Message.Where(c => !char.IsAsciiDigit(c)).Take(72).ToArray());
        int cut = libraryFrame?.IndexOf(" in ", StringComparison.Ordinal) ?? -1;
        return $"{string.Join("/", parts)}|{message}|{(cut > 0 ? libraryFrame![..cut] : libraryFrame)}";
    }

    private static Exception? RunOne(FuzzTarget target, string file, byte[] input, out long elapsedMs)
    {
        // A hang cannot be interrupted inside native code or a loop: report it and stop the process.
        using var done = new ManualResetEventSlim();
        var watchdog = new Thread(() =>
        {
            if (!done.Wait(s_timeoutMs))
            {
                Console.WriteLine($"FINDING {file} (hang: still running after {s_timeoutMs} ms, {input.Length} bytes)");
                Console.Out.Flush();
                Environment.Exit(3);
            }
        }) { IsBackground = true };
        watchdog.Start();

        var clock = Stopwatch.StartNew();
        try
        {
            target.Run(input);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            elapsedMs = clock.ElapsedMilliseconds;
            done.Set();
        }
    }

    /// <summary>The exception, its first stack frames and its inner exceptions, indented.</summary>
    internal static string Describe(Exception e, string indent)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{indent}{e.GetType().FullName}: {e.Message}");

        // The stack top: the library's frames down to where the harness called it (for a finding the harness raised
        // itself, the check that raised it).
        string[] frames = (e.StackTrace ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        int shown = 0;
        foreach (string frame in frames)
        {
            bool harness = frame.StartsWith("at NumCodecs.Fuzz.", StringComparison.Ordinal) || frame.StartsWith("at Replay.", StringComparison.Ordinal);
            if ((harness && shown > 0) || shown == 6)
            {
                break;
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}  {frame}");
            shown++;
        }

        IEnumerable<Exception> inner = e is AggregateException aggregate ? aggregate.InnerExceptions : e.InnerException is null ? [] : [e.InnerException];
        foreach (Exception cause in inner)
        {
            text.Append(Describe(cause, indent + "  "));
        }

        return text.ToString().TrimEnd('\n', '\r');
    }
}
