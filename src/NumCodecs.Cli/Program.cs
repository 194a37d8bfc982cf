using System.Text.Json.Nodes;
using System.CommandLine;
using System.Reflection;
using NumCodecs.Blosc;
using NumCodecs.IO;

namespace NumCodecs.Cli;

/// <summary>Entry point of the <c>numcodecs</c> tool.</summary>
internal static class Program
{
    private static int Main(string[] args) =>
        Run(args, Console.Out, Console.Error, Console.OpenStandardInput, Console.OpenStandardOutput, interactive: !Console.IsOutputRedirected);

    /// <summary>Runs the tool with the given arguments and output writers; returns the exit code.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, output, error, () => Stream.Null, () => Stream.Null, interactive: false);

    /// <summary>Runs the tool; standard input and output streams are opened only when a command reads or writes <c>-</c>.</summary>
    internal static int Run(
        string[] args, TextWriter output, TextWriter error, Func<Stream> standardInput, Func<Stream> standardOutput, bool interactive)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces with errors.", Recursive = true };
        // A plain command named for the tool rather than a RootCommand, which takes its name from the assembly
        // (NumCodecs.Cli) and would print that in --help.
        var root = new Command("numcodecs", "numcodecs: compression, filter and checksum codecs for chunked arrays (Zarr), byte-compatible with Python's numcodecs.");
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(verbose);

        root.Subcommands.Add(VersionCommand(output, error, verbose));
        root.Subcommands.Add(BenchCommandLine(output, error, verbose, interactive));
        root.Subcommands.Add(CodeCommand("encode", "Encode INPUT to OUTPUT with the codec (chain) given by --codec.", encode: true, error, verbose, standardInput, standardOutput));
        root.Subcommands.Add(CodeCommand("decode", "Decode INPUT to OUTPUT with the codec (chain) given by --codec.", encode: false, error, verbose, standardInput, standardOutput));
        root.Subcommands.Add(InfoCommandLine(output, error, verbose));
        root.Subcommands.Add(PartialCommandLine(error, verbose, standardOutput));
        root.Subcommands.Add(ZarrCommands.Create(output, error, verbose, standardInput, standardOutput));

        // "@file" names a codec config file here, not a System.CommandLine response file.
        ParseResult parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                error.WriteLine($"numcodecs: {parseError.Message}");
            }

            return CliErrors.BadConfig;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static Command VersionCommand(TextWriter output, TextWriter error, Option<bool> verbose)
    {
        var command = new Command("version", "Print the NumCodecs version, the native library versions and the codecs.");
        command.SetAction(result => CliErrors.Guard(error, result.GetValue(verbose), () =>
        {
            string version = typeof(NativeLibraryInfo).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            output.WriteLine($"NumCodecs {version}");
            output.WriteLine($"native library: {NativeLibraryInfo.LibraryPath}");
            output.WriteLine($"  c-blosc {NativeLibraryInfo.BloscVersion}");
            output.WriteLine($"  zstd    {NativeLibraryInfo.ZstdVersion}");
            output.WriteLine($"  lz4     {NativeLibraryInfo.Lz4Version}");
            output.WriteLine($"  zlib    {NativeLibraryInfo.ZlibVersion}");
            output.WriteLine($"  bzip2   {NativeLibraryInfo.Bzip2Version}");
            output.WriteLine($"  xz      {NativeLibraryInfo.XzVersion}");
            output.WriteLine($"  libdeflate {NativeLibraryInfo.LibdeflateVersion} (zlib and gzip decoding)");
            output.WriteLine($"blosc compressors: {string.Join(", ", NativeLibraryInfo.BloscCompressors)}");
            output.WriteLine($"codecs: {string.Join(", ", CodecRegistry.CodecIds)}");
            output.WriteLine($"object codecs: {string.Join(", ", CodecRegistry.ObjectCodecIds)}");
            output.WriteLine($"zarr v3 codecs: {string.Join(", ", CodecRegistry.V3CodecNames)}, numcodecs.<id> for every codec id");
            return CliErrors.Ok;
        }));
        return command;
    }

    private static Command BenchCommandLine(TextWriter output, TextWriter error, Option<bool> verbose, bool interactive)
    {
        var codecs = new Option<string[]>("--codec") { Description = "A codec config (JSON or @file) to measure; repeatable. Default: a set of common configs." };
        var size = new Option<string>("--size") { Description = "Bytes per call: 64K, 1M, 16M, ...", DefaultValueFactory = _ => "1M" };
        var dataSets = new Option<string[]>("--dataset") { Description = "smooth-f4, counters-i8, image-u1, random or zeros; repeatable. Default: all." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var seconds = new Option<double>("--seconds") { Description = "Seconds spent measuring each encode and each decode.", DefaultValueFactory = _ => 0.2 };
        var command = new Command("bench", "Measure ratio, encode and decode throughput of codecs on built-in synthetic data sets.")
        {
            codecs, size, dataSets, json, seconds,
        };
        command.SetAction(result => CliErrors.Guard(error, result.GetValue(verbose), () => BenchCommand.Run(
            result.GetValue(codecs) ?? [], result.GetValue(size)!, result.GetValue(dataSets) ?? [], result.GetValue(json),
            result.GetValue(seconds), output, interactive && !result.GetValue(json))));
        return command;
    }

    private static Command CodeCommand(
        string name, string description, bool encode, TextWriter error, Option<bool> verbose, Func<Stream> standardInput, Func<Stream> standardOutput)
    {
        var codec = new Option<string>("--codec")
        {
            Description = "A numcodecs JSON config or a JSON array of them (a v2 filters + compressor chain); or a Zarr v3 codec entry " +
                          "or a JSON array of them (as in a zarr.json); or @file holding any of these.",
            Required = true,
        };
        var dtype = new Option<string>("--dtype")
        {
            Description = "The items' data type: a numpy type string (<f4, |u1, >i8) or a Zarr v3 name (float32, uint8, int64). " +
                          "Blosc's typesize; for v3 chains with array codecs, the chunk's data type.",
            DefaultValueFactory = _ => "|u1",
        };
        var shape = new Option<string>("--shape")
        {
            Description = "The chunk's shape, comma-separated (100,200), for v3 chains with array codecs. The chunk's elements are " +
                          "read (encode) and written (decode) in C order, little endian.",
        };
        var input = new Argument<string>("INPUT") { Description = "Input file, or - for standard input." };
        var outputPath = new Argument<string>("OUTPUT") { Description = "Output file, or - for standard output." };
        var command = new Command(name, description) { codec, dtype, shape, input, outputPath };
        command.SetAction(result => CliErrors.Guard(error, result.GetValue(verbose), () =>
        {
            string codecText = result.GetValue(codec)!;
            JsonNode? parsed = CodecChain.ParseJson(codecText);
            Func<byte[], byte[]> convert;
            if (V3Chain.IsV3(parsed))
            {
                V3Chain chain = V3Chain.Create(parsed!, result.GetValue(dtype)!, result.GetValue(shape));
                convert = encode ? chain.Encode : chain.Decode;
            }
            else
            {
                if (result.GetValue(shape) is not null)
                {
                    throw new CliUsageException("--shape goes with Zarr v3 chains (entries with a \"name\"); numcodecs configs encode bytes.");
                }

                CodecChain chain = CodecChain.Parse(codecText);
                int itemSize = DType.TryParseZarrV3(result.GetValue(dtype), out DType? v3) ? v3.ItemSize : DType.Parse(result.GetValue(dtype)!).ItemSize;
                convert = encode ? data => chain.Encode(data, itemSize) : chain.Decode;
            }

            string inputName = result.GetValue(input)!;
            byte[] data = CliFiles.Read(inputName, inputName == "-" ? standardInput() : Stream.Null);
            byte[] converted = convert(data);
            string outputName = result.GetValue(outputPath)!;
            CliFiles.Write(outputName, converted, outputName == "-" ? standardOutput() : Stream.Null);
            return CliErrors.Ok;
        }));
        return command;
    }

    private static Command InfoCommandLine(TextWriter output, TextWriter error, Option<bool> verbose)
    {
        var file = new Argument<string>("FILE") { Description = "A Blosc chunk, zstd frame, gzip member or zlib stream." };
        var command = new Command("info", "Describe a Blosc chunk (every header field and the block table) or a zstd, gzip or zlib stream.") { file };
        command.SetAction(result => CliErrors.Guard(error, result.GetValue(verbose), () => InfoCommand.Run(result.GetValue(file)!, output)));
        return command;
    }

    private static Command PartialCommandLine(TextWriter error, Option<bool> verbose, Func<Stream> standardOutput)
    {
        var file = new Argument<string>("FILE") { Description = "A file holding a Blosc chunk." };
        var outputPath = new Argument<string>("OUTPUT") { Description = "Where the decoded items go, or - for standard output." };
        var start = new Option<int>("--start") { Description = "Index of the first item (in items of the chunk's typesize).", Required = true };
        var count = new Option<int>("--count") { Description = "Number of items.", Required = true };
        var offset = new Option<long>("--offset") { Description = "Byte offset of the chunk in FILE (for shards).", DefaultValueFactory = _ => 0 };
        var command = new Command("partial", "Decode an item range of a Blosc chunk, reading only the blocks that hold it, and report the bytes read.")
        {
            file, outputPath, start, count, offset,
        };
        command.SetAction(result => CliErrors.Guard(error, result.GetValue(verbose), () =>
        {
            using var fileSource = new FileByteRangeSource(result.GetValue(file)!);
            var source = new CountingSource(fileSource);
            var reader = new BloscChunkReader(source, result.GetValue(offset));
            BloscChunkLayout layout = reader.GetLayout();
            int itemCount = result.GetValue(count);
            if (itemCount < 0 || (long)itemCount * layout.ItemSize > Array.MaxLength)
            {
                throw new CliUsageException($"--count {itemCount} is not a number of items this tool can hold in memory.");
            }

            byte[] items = new byte[itemCount * layout.ItemSize];
            BloscPartialResult read = reader.ReadItems(result.GetValue(start), itemCount, items);
            string outputName = result.GetValue(outputPath)!;
            CliFiles.Write(outputName, items, outputName == "-" ? standardOutput() : Stream.Null);
            error.WriteLine(
                $"numcodecs: wrote {read.BytesWritten} bytes; read {source.BytesRead} of {layout.Header.CompressedLength} chunk bytes " +
                $"in {source.Reads} reads; decoded {read.BlocksDecoded} of {layout.BlockCount} blocks");
            return CliErrors.Ok;
        }));
        return command;
    }
}
