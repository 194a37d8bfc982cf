using System.Text.Json.Nodes;
using NumCodecs.Blosc;
using NumCodecs.Pipeline;

namespace NumCodecs.Tests.ZarrV3;

/// <summary>
/// Reads and writes whole Zarr v3 arrays kept as directory stores (zarr.json plus chunk files at their default keys)
/// with a regular grid, chunk by chunk through <see cref="CodecPipeline"/>: just enough of an array layer to compare
/// whole arrays with another implementation.
/// </summary>
internal static class V3ArrayFiles
{
    public static JsonObject ReadMetadata(string directory) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "zarr.json")))!;

    public static int[] Shape(JsonObject metadata) => ((JsonArray)metadata["shape"]!).Select(n => (int)n!).ToArray();

    /// <summary>The whole array in C order, little endian; missing chunks are the fill value.</summary>
    public static byte[] ReadArray(string directory, out CodecPipeline pipeline)
    {
        JsonObject metadata = ReadMetadata(directory);
        pipeline = CodecPipeline.FromZarrJson(metadata);
        return ReadArray(directory, pipeline, Shape(metadata), grid => Key(metadata, grid));
    }

    /// <summary>The whole array of <paramref name="shape"/> whose chunks are files named by <paramref name="key"/>.</summary>
    public static byte[] ReadArray(string directory, CodecPipeline pipeline, int[] shape, Func<int[], string> key)
    {
        ChunkSpec chunk = pipeline.Spec;
        var arraySpec = new ChunkSpec(shape, chunk.DataType, chunk.FillValue.Span);
        var array = new byte[arraySpec.ByteLength];
        arraySpec.Fill(array);
        foreach (int[] grid in GridPositions(shape, chunk.ShapeSpanCopy()))
        {
            string path = Path.Combine(directory, key(grid));
            if (!File.Exists(path))
            {
                continue;
            }

            byte[] decoded = pipeline.Decode(File.ReadAllBytes(path));
            Place(arraySpec, chunk, grid, decoded, array);
        }

        return array;
    }

    /// <summary>Writes every chunk of <paramref name="values"/> (C order, little endian) with the metadata's codecs.</summary>
    public static void WriteArray(string directory, JsonObject metadata, byte[] values)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "zarr.json"), metadata.ToJsonString());
        WriteArray(directory, CodecPipeline.FromZarrJson(metadata), Shape(metadata), values, grid => Key(metadata, grid), _ => true);
    }

    /// <summary>Writes the chunks of <paramref name="values"/> that <paramref name="write"/> picks, named by <paramref name="key"/>.</summary>
    public static void WriteArray(string directory, CodecPipeline pipeline, int[] shape, byte[] values, Func<int[], string> key, Func<string, bool> write)
    {
        ChunkSpec chunk = pipeline.Spec;
        var arraySpec = new ChunkSpec(shape, chunk.DataType, chunk.FillValue.Span);
        foreach (int[] grid in GridPositions(shape, chunk.ShapeSpanCopy()))
        {
            if (!write(key(grid)))
            {
                continue;
            }

            byte[] elements = new byte[chunk.ByteLength];
            chunk.Fill(elements);
            Extract(arraySpec, chunk, grid, values, elements);
            string path = Path.Combine(directory, key(grid));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, pipeline.Encode(elements));
        }
    }

    public static int[] ShapeSpanCopy(this ChunkSpec spec) => spec.Shape.ToArray();

    public static IEnumerable<int[]> GridPositions(int[] shape, int[] chunkShape)
    {
        int rank = shape.Length;
        var counts = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            counts[d] = (shape[d] + chunkShape[d] - 1) / chunkShape[d];
            if (counts[d] == 0)
            {
                yield break;
            }
        }

        var g = new int[rank];
        while (true)
        {
            yield return (int[])g.Clone();
            int d = rank - 1;
            while (d >= 0 && ++g[d] == counts[d])
            {
                g[d] = 0;
                d--;
            }

            if (d < 0)
            {
                yield break;
            }
        }
    }

    public static string Key(JsonObject metadata, int[] grid)
    {
        JsonNode? encoding = metadata["chunk_key_encoding"];
        string name = (string?)encoding?["name"] ?? "default";
        string separator = (string?)encoding?["configuration"]?["separator"] ?? (name == "v2" ? "." : "/");
        string joined = string.Join(separator, grid);
        return name == "v2" ? joined : "c" + separator + joined;
    }

    /// <summary>The part of the array that chunk <paramref name="grid"/> holds, as selections of the array and of the chunk.</summary>
    private static (DimensionSlice[] InArray, DimensionSlice[] InChunk) Overlap(ChunkSpec array, ChunkSpec chunk, int[] grid)
    {
        var inArray = new DimensionSlice[array.Rank];
        var inChunk = new DimensionSlice[array.Rank];
        for (int d = 0; d < array.Rank; d++)
        {
            int origin = grid[d] * chunk.Shape[d];
            int stop = Math.Min(array.Shape[d], origin + chunk.Shape[d]);
            inArray[d] = new DimensionSlice(origin, stop);
            inChunk[d] = new DimensionSlice(0, stop - origin);
        }

        return (inArray, inChunk);
    }

    private static void Place(ChunkSpec array, ChunkSpec chunk, int[] grid, byte[] decoded, byte[] destination)
    {
        (DimensionSlice[] inArray, DimensionSlice[] inChunk) = Overlap(array, chunk, grid);
        int itemSize = array.DataType.ItemSize;
        ItemRange[] from = ChunkSelection.ToItemRanges(chunk.ShapeSpanCopy(), inChunk);
        ItemRange[] to = ChunkSelection.ToItemRanges(array.ShapeSpanCopy(), inArray);
        CopyRuns(decoded, from, destination, to, itemSize);
    }

    private static void Extract(ChunkSpec array, ChunkSpec chunk, int[] grid, byte[] values, byte[] elements)
    {
        (DimensionSlice[] inArray, DimensionSlice[] inChunk) = Overlap(array, chunk, grid);
        int itemSize = array.DataType.ItemSize;
        ItemRange[] from = ChunkSelection.ToItemRanges(array.ShapeSpanCopy(), inArray);
        ItemRange[] to = ChunkSelection.ToItemRanges(chunk.ShapeSpanCopy(), inChunk);
        CopyRuns(values, from, elements, to, itemSize);
    }

    /// <summary>Copies items run by run; the two run lists cover the same items in the same order.</summary>
    private static void CopyRuns(byte[] source, ItemRange[] from, byte[] destination, ItemRange[] to, int itemSize)
    {
        var flatFrom = from.SelectMany(r => Enumerable.Range(r.Start, r.Count)).ToArray();
        var flatTo = to.SelectMany(r => Enumerable.Range(r.Start, r.Count)).ToArray();
        Assert.Equal(flatFrom.Length, flatTo.Length);
        for (int i = 0; i < flatFrom.Length; i++)
        {
            Array.Copy(source, flatFrom[i] * itemSize, destination, flatTo[i] * itemSize, itemSize);
        }
    }
}
