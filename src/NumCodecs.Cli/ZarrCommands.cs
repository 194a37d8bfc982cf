using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NumCodecs.IO;
using NumCodecs.Zarr;
using NumCodecs.Zarr.Stores;

namespace NumCodecs.Cli;

/// <summary><c>numcodecs zarr info | get | put</c>: arrays in directories or over HTTP(S).</summary>
internal static class ZarrCommands
{
    public static Command Create(TextWriter output, TextWriter error, Option<bool> verbose, Func<Stream> standardInput, Func<Stream> standardOutput)
    {
        var zarr = new Command("zarr", "Read and write Zarr v2 and v3 arrays: PATH is a directory, or for get and info also a .zip file or an http(s):// URL.");
        zarr.Subcommands.Add(Info(output, error, verbose));
        zarr.Subcommands.Add(Get(error, verbose, standardOutput));
        zarr.Subcommands.Add(Put(error, verbose, standardInput));
        return zarr;
    }

    private static Command Info(TextWriter output, TextWriter error, Option<bool> verbose)
    {
        var path = new Argument<string>("PATH") { Description = "The array: a directory, a .zip file (store.zip/path/in/zip for an array below its root) or an http(s):// URL." };
        var command = new Command("info", "Print an array's format, shape, chunks, shards, data type, codecs and stored chunks.") { path };
        command.SetAction(result => CliErrors.Guard(error, result.GetValue(verbose), () =>
        {
            (IZarrStore store, IDisposable? owned, string arrayPath) = OpenStore(result.GetValue(path)!, writable: false);
            using (owned)
            {
                ZarrArray array = ZarrArray.Open(store, arrayPath);
                ZarrArrayMetadata metadata = array.Metadata;
                output.WriteLine($"format: Zarr v{(int)metadata.Format}");
                output.WriteLine($"shape: [{string.Join(", ", metadata.Shape)}]");
                output.WriteLine($"chunks: [{string.Join(", ", metadata.ChunkShape)}]");
                if (metadata.Pipeline.ArrayToBytesCodec is ShardingCodec sharding)
                {
                    output.WriteLine($"shards: [{string.Join(", ", metadata.ChunkShape)}] of inner chunks [{string.Join(", ", sharding.ChunkShape)}], index at the {(sharding.IndexLocation == ShardIndexLocation.End ? "end" : "start")}");
                }

                output.WriteLine($"data type: {metadata.DataType.ZarrV3Name ?? metadata.DataType.ToString()} ({(metadata.Format == ZarrFormat.V2 ? (string?)metadata.Document["dtype"] : (string?)metadata.Document["data_type"])})");
                output.WriteLine($"fill value: {(metadata.Format == ZarrFormat.V2 ? metadata.Document["fill_value"] : metadata.Document["fill_value"])?.ToJsonString() ?? "null"}");
                output.WriteLine($"codecs: {metadata.Pipeline.GetV3Config().ToJsonString()}");
                // The array's own chunk keys: below its path, not its metadata documents.
                string prefix = arrayPath.Length == 0 ? string.Empty : arrayPath + "/";
                List<string> keys = [.. store.List(prefix).Select(key => key[prefix.Length..])
                    .Where(key => key.Length > 0 && (key[0] == 'c' || char.IsAsciiDigit(key[0])) && !key.EndsWith("zarr.json", StringComparison.Ordinal) && !key.Contains("/.z", StringComparison.Ordinal))];
                output.WriteLine(store is HttpStore ? "stored chunks: unknown (HTTP cannot list)" : $"stored chunks: {keys.Count}");
                return CliErrors.Ok;
            }
        }));
        return command;
    }

    private static Command Get(TextWriter error, Option<bool> verbose, Func<Stream> standardOutput)
    {
        var path = new Argument<string>("PATH") { Description = "The array: a directory, a .zip file (store.zip/path/in/zip for an array below its root) or an http(s):// URL." };
        var outputPath = new Argument<string>("OUTPUT") { Description = "The .npy file to write, or - for standard output." };
        var select = new Option<string>("--select") { Description = "numpy-like selection, one item per dimension: start:stop:step, an integer, or [i,j,k]. Default: everything." };
        var stats = new Option<bool>("--stats") { Description = "Print 'bytes read: N, requests: M, chunks: K' on standard error." };
        var command = new Command("get", "Read a selection of an array into a .npy file, reading only the bytes it needs.") { path, outputPath, select, stats };
        command.SetAction(result => CliErrors.Guard(error, result.GetValue(verbose), () =>
        {
            (IZarrStore inner, IDisposable? owned, string arrayPath) = OpenStore(result.GetValue(path)!, writable: false);
            using (owned)
            {
                var store = new CountingStore(inner);
                ZarrArray array = ZarrArray.Open(store, arrayPath);
                ZarrSelection selection;
                try
                {
                    selection = ZarrSelection.Parse(result.GetValue(select) ?? string.Empty, array.Shape.Count);
                }
                catch (FormatException e)
                {
                    throw new CliUsageException($"--select: {e.Message}");
                }

                long metadataBytes = store.BytesRead;
                long metadataRequests = store.Requests;
                byte[] values = array.ReadBytes(selection);
                DType stored = array.DataType; // this machine's order: little endian everywhere .NET runs
                byte[] npy = NpyFile.Write(stored, array.GetResultShape(selection), values);
                string outputName = result.GetValue(outputPath)!;
                CliFiles.Write(outputName, npy, outputName == "-" ? standardOutput() : Stream.Null);
                if (result.GetValue(stats))
                {
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"bytes read: {store.BytesRead - metadataBytes}, requests: {store.Requests - metadataRequests}, chunks: {store.Keys.Count(IsChunkKey)}"));
                }

                return CliErrors.Ok;
            }
        }));
        return command;
    }

    private static bool IsChunkKey(string key) =>
        !key.EndsWith(".zarray", StringComparison.Ordinal) && !key.EndsWith(".zattrs", StringComparison.Ordinal) &&
        !key.EndsWith(".zgroup", StringComparison.Ordinal) && !key.EndsWith("zarr.json", StringComparison.Ordinal);

    private static Command Put(TextWriter error, Option<bool> verbose, Func<Stream> standardInput)
    {
        var path = new Argument<string>("PATH") { Description = "The directory to write the array to." };
        var input = new Argument<string>("INPUT") { Description = "A .npy file (C order), or - for standard input." };
        var chunks = new Option<string>("--chunks") { Description = "The chunk shape, comma-separated (with --shards, the inner chunk shape).", Required = true };
        var shards = new Option<string>("--shards") { Description = "Zarr v3 only: the shard shape, comma-separated; --codecs is then the chain inside each shard." };
        var format = new Option<int>("--format") { Description = "Zarr format, 2 or 3.", DefaultValueFactory = _ => 3 };
        var codecs = new Option<string>("--codecs") { Description = "Zarr v3: the codecs array (default: bytes little endian + zstd level 0)." };
        var compressor = new Option<string>("--compressor") { Description = "Zarr v2: the compressor config (default: Blosc lz4, as zarr-python)." };
        var filters = new Option<string>("--filters") { Description = "Zarr v2: the filter configs, a JSON array." };
        var command = new Command("put", "Write a .npy file as a Zarr array.") { path, input, chunks, shards, format, codecs, compressor, filters };
        command.SetAction(result => CliErrors.Guard(error, result.GetValue(verbose), () =>
        {
            string inputName = result.GetValue(input)!;
            (DType dtype, long[] shape, byte[] data) = NpyFile.Read(CliFiles.Read(inputName, inputName == "-" ? standardInput() : Stream.Null));
            if (dtype.IsForeignByteOrder)
            {
                throw new CliUsageException($"The .npy file is {dtype}; save it in this machine's byte order (little endian).");
            }

            int[] chunkShape = Shape(result.GetValue(chunks)!, "--chunks", shape.Length);
            ZarrArrayMetadata metadata;
            if (result.GetValue(format) == 2)
            {
                if (result.GetValue(shards) is not null || result.GetValue(codecs) is not null)
                {
                    throw new CliUsageException("--shards and --codecs are Zarr v3 options; Zarr v2 takes --compressor and --filters.");
                }

                JsonObject compressorConfig = Json(result.GetValue(compressor), "--compressor") as JsonObject
                    ?? new JsonObject { ["id"] = "blosc", ["cname"] = "lz4", ["clevel"] = 5, ["shuffle"] = 1, ["blocksize"] = 0 };
                metadata = ZarrArrayMetadata.CreateV2(shape, chunkShape, dtype.ToString(), compressorConfig, Json(result.GetValue(filters), "--filters") as JsonArray);
            }
            else if (result.GetValue(format) == 3)
            {
                if (result.GetValue(compressor) is not null || result.GetValue(filters) is not null)
                {
                    throw new CliUsageException("--compressor and --filters are Zarr v2 options; Zarr v3 takes --codecs.");
                }

                string typeName = dtype.ZarrV3Name ?? throw new CliUsageException($"{dtype} has no Zarr v3 data type.");
                JsonArray chain = Json(result.GetValue(codecs), "--codecs") as JsonArray
                    ?? (JsonArray)JsonNode.Parse("""[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "zstd", "configuration": {"level": 0, "checksum": false}}]""")!;
                int[] outer = chunkShape;
                if (result.GetValue(shards) is string shardText)
                {
                    outer = Shape(shardText, "--shards", shape.Length);
                    chain = new JsonArray(new JsonObject
                    {
                        ["name"] = "sharding_indexed",
                        ["configuration"] = new JsonObject
                        {
                            ["chunk_shape"] = new JsonArray([.. chunkShape.Select(extent => (JsonNode)extent)]),
                            ["codecs"] = chain,
                            ["index_codecs"] = JsonNode.Parse("""[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}]"""),
                            ["index_location"] = "end",
                        },
                    });
                }

                if (dtype.ItemSize == 1 && chain.FirstOrDefault()?["name"]?.GetValue<string>() == "bytes")
                {
                    chain[0] = new JsonObject { ["name"] = "bytes" }; // no endian for one-byte types
                }

                metadata = ZarrArrayMetadata.CreateV3(shape, outer, typeName, chain);
            }
            else
            {
                throw new CliUsageException($"--format is 2 or 3, not {result.GetValue(format)}.");
            }

            var store = new DirectoryStore(result.GetValue(path)!);
            ZarrArray.Create(store, "", metadata).WriteBytes(null, data);
            return CliErrors.Ok;
        }));
        return command;
    }

    private static (IZarrStore Store, IDisposable? Owned, string ArrayPath) OpenStore(string path, bool writable)
    {
        if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var http = new HttpStore(new Uri(path));
            return (http, http, string.Empty);
        }

        int zipEnd = path.IndexOf(".zip", StringComparison.OrdinalIgnoreCase);
        if (zipEnd >= 0 && (zipEnd + 4 == path.Length || path[zipEnd + 4] == '/'))
        {
            if (writable)
            {
                throw new CliUsageException("Zip stores are read-only here; write to a directory and zip it.");
            }

            // "store.zip/group/array" names an array inside the zip file.
            var zip = new ZipStore(path[..(zipEnd + 4)]);
            return (zip, zip, path[(zipEnd + 4)..].Trim('/'));
        }

        if (!Directory.Exists(path))
        {
            throw new CliUsageException($"{path} is not a directory.");
        }

        return (new DirectoryStore(path, readOnly: !writable), null, string.Empty);
    }

    private static int[] Shape(string text, string option, int rank)
    {
        int[] shape = [.. text.Split(',', StringSplitOptions.TrimEntries).Select(part =>
            int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int extent) && extent > 0
                ? extent
                : throw new CliUsageException($"{option} '{text}' is not a comma-separated list of positive integers."))];
        return shape.Length == rank ? shape : throw new CliUsageException($"{option} has {shape.Length} dimensions; the array has {rank}.");
    }

    private static JsonNode? Json(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text.StartsWith('@') ? File.ReadAllText(text[1..]) : text);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CliUsageException($"{option} is not valid JSON: {e.Message}");
        }
    }

}
