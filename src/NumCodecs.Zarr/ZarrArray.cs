using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NumCodecs.IO;
using NumCodecs.Pipeline;
using NumCodecs.Zarr.Stores;

namespace NumCodecs.Zarr;

/// <summary>How an array reads and writes.</summary>
public sealed class ZarrArrayOptions
{
    /// <summary>The defaults: chunks read on as many threads as processors, the pipeline's partial-decoding defaults.</summary>
    public static ZarrArrayOptions Default { get; } = new();

    /// <summary>Most chunks read or written at once by one call. Default: the processor count.</summary>
    public int MaxConcurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>Read planning inside a chunk (coalescing, concurrency, Blosc block reads and their block cache).</summary>
    public PartialDecodeOptions Partial { get; init; } = PartialDecodeOptions.Default;

    /// <summary>
    /// A cache of decoded whole chunks shared by the arrays given it, for chunks read whole (every element wanted, or a
    /// chain that decodes whole anyway); null for none. Blosc blocks read partially are cached by
    /// <see cref="Blosc.BloscPartialOptions.Cache"/> in <see cref="Partial"/>.
    /// </summary>
    public ZarrChunkCache? ChunkCache { get; init; }

    /// <summary>Options whose partial reads (Blosc blocks, including Blosc inner chunks of shards) use <paramref name="cache"/>.</summary>
    /// <param name="cache">The block cache.</param>
    /// <returns>A copy of these options.</returns>
    public ZarrArrayOptions WithBlockCache(Blosc.BloscBlockCache cache) => new()
    {
        MaxConcurrency = MaxConcurrency,
        ChunkCache = ChunkCache,
        Partial = WithBlockCache(Partial, cache),
    };

    /// <summary>A copy of <paramref name="options"/> whose Blosc reads use <paramref name="cache"/>.</summary>
    internal static PartialDecodeOptions WithBlockCache(PartialDecodeOptions options, Blosc.BloscBlockCache cache) => new()
    {
        MaxCoalesceGap = options.MaxCoalesceGap,
        MaxConcurrency = options.MaxConcurrency,
        Blosc = new Blosc.BloscPartialOptions
        {
            Cache = cache,
            InitialReadLength = options.Blosc.InitialReadLength,
            MaxCoalesceGap = options.Blosc.MaxCoalesceGap,
            MaxDegreeOfParallelism = options.Blosc.MaxDegreeOfParallelism,
        },
    };
}

/// <summary>
/// A Zarr array (v2 or v3) in a store. Reads of a selection plan per chunk: each chunk the selection touches gets its
/// part of the selection, and its codec pipeline's partial decoder reads only the bytes that part needs (the index and
/// touched inner chunks of a shard, the needed blocks of a Blosc chunk), chunks in parallel. Writes of part of a chunk
/// read, modify and write the chunk.
/// </summary>
/// <remarks>An array is thread-safe for reads; concurrent writes to the same chunks are the caller's to order.</remarks>
public sealed class ZarrArray
{
    private readonly IZarrStore _store;
    private readonly string _path;
    private readonly ZarrArrayOptions _options;
    private readonly int[] _chunkShape; // the pipeline's chunk shape, as the block copies take it

    private ZarrArray(IZarrStore store, string path, ZarrArrayMetadata metadata, ZarrArrayOptions options)
    {
        _store = store;
        _path = path.Trim('/');
        Metadata = metadata;
        _options = options;
        _chunkShape = metadata.Pipeline.Spec.ShapeArray();
    }

    /// <summary>The array's metadata.</summary>
    public ZarrArrayMetadata Metadata { get; }

    /// <summary>The array's shape.</summary>
    public IReadOnlyList<long> Shape => Metadata.Shape;

    /// <summary>The data type.</summary>
    public DType DataType => Metadata.DataType;

    /// <summary>The store.</summary>
    public IZarrStore Store => _store;

    /// <summary>The array's path in the store ("" for the root).</summary>
    public string Path => _path;

    /// <summary>Opens the array at <paramref name="path"/>: <c>zarr.json</c> (v3) or <c>.zarray</c> (v2).</summary>
    /// <param name="store">The store.</param>
    /// <param name="path">The array's path in the store; "" for the root.</param>
    /// <param name="options">Read and write options; null for the defaults.</param>
    /// <returns>The array.</returns>
    /// <exception cref="ZarrFormatException">There is no array there, or its metadata is invalid.</exception>
    public static ZarrArray Open(IZarrStore store, string path = "", ZarrArrayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(path);
        string root = path.Trim('/');
        byte[]? v3 = store.Read(StoreKeys.Join(root, "zarr.json"));
        byte[]? v2 = v3 is null ? store.Read(StoreKeys.Join(root, ".zarray")) : null;
        byte[]? attributes = v2 is null ? null : store.Read(StoreKeys.Join(root, ".zattrs"));
        return new ZarrArray(store, root, Parse(root, v3, v2, attributes), options ?? ZarrArrayOptions.Default);
    }

    /// <summary>Opens the array at <paramref name="path"/> asynchronously.</summary>
    /// <param name="store">The store.</param>
    /// <param name="path">The array's path in the store.</param>
    /// <param name="options">Read and write options.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The array.</returns>
    /// <exception cref="ZarrFormatException">There is no array there, or its metadata is invalid.</exception>
    public static async ValueTask<ZarrArray> OpenAsync(IZarrStore store, string path = "", ZarrArrayOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(path);
        string root = path.Trim('/');
        byte[]? v3 = await store.ReadAsync(StoreKeys.Join(root, "zarr.json"), cancellationToken).ConfigureAwait(false);
        byte[]? v2 = v3 is null ? await store.ReadAsync(StoreKeys.Join(root, ".zarray"), cancellationToken).ConfigureAwait(false) : null;
        byte[]? attributes = v2 is null ? null : await store.ReadAsync(StoreKeys.Join(root, ".zattrs"), cancellationToken).ConfigureAwait(false);
        return new ZarrArray(store, root, Parse(root, v3, v2, attributes), options ?? ZarrArrayOptions.Default);
    }

    /// <summary>Creates an array: writes its metadata documents at <paramref name="path"/>. Chunks not written read as the fill value.</summary>
    /// <param name="store">The store.</param>
    /// <param name="path">The array's path.</param>
    /// <param name="metadata">The metadata (<see cref="ZarrArrayMetadata.CreateV2"/>, <see cref="ZarrArrayMetadata.CreateV3"/>).</param>
    /// <param name="options">Read and write options.</param>
    /// <returns>The array.</returns>
    public static ZarrArray Create(IZarrStore store, string path, ZarrArrayMetadata metadata, ZarrArrayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(metadata);
        string root = path.Trim('/');
        foreach ((string key, string json) in metadata.GetDocuments())
        {
            store.Write(StoreKeys.Join(root, key), Encoding.UTF8.GetBytes(json));
        }

        return new ZarrArray(store, root, metadata, options ?? ZarrArrayOptions.Default);
    }

    /// <summary>The shape of what <paramref name="selection"/> reads: one extent per dimension not selected by a single index.</summary>
    /// <param name="selection">The selection.</param>
    /// <returns>The result's shape.</returns>
    public long[] GetResultShape(ZarrSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        CheckRank(selection);
        var shape = new List<long>();
        for (int d = 0; d < selection.Dimensions.Count; d++)
        {
            if (selection.Dimensions[d].Kind != DimensionSelection.SelectionKind.Index)
            {
                shape.Add(selection.Dimensions[d].Count(Metadata.ShapeSpan[d]));
            }
        }

        return [.. shape];
    }

    /// <summary>Reads a selection into a new array.</summary>
    /// <typeparam name="T">An element type of the data type's size (<c>float</c> for float32, ...).</typeparam>
    /// <param name="selection">The selection; null for everything.</param>
    /// <returns>The elements in C order of the result's shape.</returns>
    /// <exception cref="ArgumentException">The element size differs from the data type's, or the selection does not fit the array.</exception>
    /// <exception cref="CorruptDataException">A chunk is invalid.</exception>
    public T[] Read<T>(ZarrSelection? selection = null)
        where T : unmanaged
    {
        CheckElementType<T>();
        Plan plan = MakePlan(selection ?? ZarrSelection.All(Metadata.ShapeSpan.Length));
        T[] result = GC.AllocateUninitializedArray<T>(plan.ElementCount); // every element is written: a chunk's, or the fill value
        ReadInto(plan, MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    /// <summary>Reads a selection into <paramref name="destination"/>.</summary>
    /// <typeparam name="T">An element type of the data type's size.</typeparam>
    /// <param name="selection">The selection.</param>
    /// <param name="destination">Receives the elements in C order of the result's shape.</param>
    /// <exception cref="ArgumentException">The element size differs, the selection does not fit, or the destination is too small.</exception>
    /// <exception cref="CorruptDataException">A chunk is invalid.</exception>
    public void Read<T>(ZarrSelection selection, Span<T> destination)
        where T : unmanaged
    {
        CheckElementType<T>();
        ArgumentNullException.ThrowIfNull(selection);
        ReadInto(MakePlan(selection), MemoryMarshal.AsBytes(destination));
    }

    /// <summary>Reads a selection as raw elements (this machine's byte order).</summary>
    /// <param name="selection">The selection; null for everything.</param>
    /// <returns>The elements' bytes.</returns>
    /// <exception cref="ArgumentException">The selection does not fit the array.</exception>
    /// <exception cref="CorruptDataException">A chunk is invalid.</exception>
    public byte[] ReadBytes(ZarrSelection? selection = null)
    {
        Plan plan = MakePlan(selection ?? ZarrSelection.All(Metadata.ShapeSpan.Length));
        byte[] result = GC.AllocateUninitializedArray<byte>(plan.ElementCount * plan.ItemSize); // every element is written
        ReadInto(plan, result);
        return result;
    }

    /// <summary>Reads a selection into <paramref name="destination"/> asynchronously.</summary>
    /// <typeparam name="T">An element type of the data type's size.</typeparam>
    /// <param name="selection">The selection.</param>
    /// <param name="destination">Receives the elements in C order of the result's shape.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>A task that completes when the destination is filled.</returns>
    /// <exception cref="ArgumentException">The element size differs, the selection does not fit, or the destination is too small.</exception>
    /// <exception cref="CorruptDataException">A chunk is invalid.</exception>
    public async ValueTask ReadAsync<T>(ZarrSelection selection, Memory<T> destination, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        CheckElementType<T>();
        ArgumentNullException.ThrowIfNull(selection);
        await ReadAsyncCore(MakePlan(selection), destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a selection as raw elements (this machine's byte order) into <paramref name="destination"/> asynchronously.</summary>
    /// <param name="selection">The selection.</param>
    /// <param name="destination">Receives the elements' bytes in C order of the result's shape.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>A task that completes when the destination is filled.</returns>
    /// <exception cref="ArgumentException">The selection does not fit, or the destination is too small.</exception>
    /// <exception cref="CorruptDataException">A chunk is invalid.</exception>
    public ValueTask ReadBytesAsync(ZarrSelection selection, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return ReadAsyncCore(MakePlan(selection), destination, cancellationToken);
    }

    private async ValueTask ReadAsyncCore<T>(Plan plan, Memory<T> destination, CancellationToken cancellationToken)
        where T : unmanaged
    {
        CheckElements();
        CheckDestination(plan, (long)destination.Length * Unsafe.SizeOf<T>());
        using CallCache callCache = CallCache.For(plan, Metadata.Pipeline.Spec.ByteLength, _options.Partial);
        PartialDecodeOptions partial = callCache.Options;
        await Parallel.ForEachAsync(
            plan.Chunks,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
            async (chunk, token) =>
            {
                IByteRangeSource? source = null;
                if (chunk.WholeChunk || !Metadata.Pipeline.SupportsPartialDecoding)
                {
                    string key = StoreKeys.Join(_path, chunk.Key);
                    byte[]? decoded = _options.ChunkCache?.TryGet(_store, key, Metadata.Pipeline.Spec.ByteLength);
                    long generation = _options.ChunkCache?.Generation(_store, key) ?? 0;
                    if (decoded is not null)
                    {
                        Place(plan, chunk, decoded, MemoryMarshal.AsBytes(destination.Span));
                        return;
                    }

                    byte[]? whole = await _store.ReadAsync(key, token).ConfigureAwait(false);
                    if (whole is not null)
                    {
                        DecodeWhole(plan, chunk, key, generation, whole, MemoryMarshal.AsBytes(destination.Span));
                        return;
                    }
                }
                else
                {
                    source = _store.OpenRange(StoreKeys.Join(_path, chunk.Key));
                }

                if (source is null)
                {
                    FillPieces(plan, chunk, MemoryMarshal.AsBytes(destination.Span));
                    return;
                }

                try
                {
                    IArrayPartialDecoder decoder = Metadata.Pipeline.CreatePartialDecoder(source, partial);
                    foreach (Piece piece in chunk.Pieces)
                    {
                        byte[] part = GC.AllocateUninitializedArray<byte>(piece.ByteLength(plan.ItemSize));
                        await decoder.DecodeAsync(piece.Local, part, token).ConfigureAwait(false);
                        Blocks.Copy(piece.LocalShape, part, piece.AllLocal, plan.ResultShape, MemoryMarshal.AsBytes(destination.Span), piece.Output, plan.ItemSize);
                    }
                }
                catch (StoreKeyNotFoundException)
                {
                    FillPieces(plan, chunk, MemoryMarshal.AsBytes(destination.Span)); // a store that learns of a missing key at its first read
                }
                finally
                {
                    (source as IDisposable)?.Dispose();
                }
            }).ConfigureAwait(false);
    }

    /// <summary>Reads a selection into a new array asynchronously.</summary>
    /// <typeparam name="T">An element type of the data type's size.</typeparam>
    /// <param name="selection">The selection; null for everything.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The elements in C order of the result's shape.</returns>
    public async ValueTask<T[]> ReadAsync<T>(ZarrSelection? selection = null, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        CheckElementType<T>();
        selection ??= ZarrSelection.All(Metadata.ShapeSpan.Length);
        T[] result = GC.AllocateUninitializedArray<T>(MakePlan(selection).ElementCount); // every element is written
        await ReadAsync<T>(selection, result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Writes <paramref name="source"/> to a selection; chunks partly covered are read, updated and written back.</summary>
    /// <typeparam name="T">An element type of the data type's size.</typeparam>
    /// <param name="selection">The selection; null for everything.</param>
    /// <param name="source">The elements in C order of the result's shape.</param>
    /// <exception cref="ArgumentException">The element size differs, the selection does not fit, or the source has another length.</exception>
    /// <exception cref="NotSupportedException">The store is read-only.</exception>
    public void Write<T>(ZarrSelection? selection, ReadOnlySpan<T> source)
        where T : unmanaged
    {
        CheckElementType<T>();
        WriteBytes(selection, MemoryMarshal.AsBytes(source));
    }

    /// <summary>Writes raw elements (this machine's byte order) to a selection.</summary>
    /// <param name="selection">The selection; null for everything.</param>
    /// <param name="source">The elements' bytes in C order of the result's shape.</param>
    /// <exception cref="ArgumentException">The selection does not fit, or the source has another length.</exception>
    /// <exception cref="NotSupportedException">The store is read-only.</exception>
    public unsafe void WriteBytes(ZarrSelection? selection, ReadOnlySpan<byte> source)
    {
        if (_store.IsReadOnly)
        {
            throw new NotSupportedException("The array's store is read-only.");
        }

        CheckElements();
        Plan plan = MakePlan(selection ?? ZarrSelection.All(Metadata.ShapeSpan.Length));
        if (source.Length != plan.ElementCount * plan.ItemSize)
        {
            throw new ArgumentException($"The selection holds {plan.ElementCount} elements ({plan.ElementCount * plan.ItemSize} bytes); the source has {source.Length} bytes.", nameof(source));
        }

        ChunkSpec spec = Metadata.Pipeline.Spec;
        fixed (byte* pointer = source)
        {
            nint address = (nint)pointer;
            int length = source.Length;
            For(plan.Chunks.Length, chunkIndex =>
            {
                var input = new ReadOnlySpan<byte>((void*)address, length);
                ChunkPlan chunk = plan.Chunks[chunkIndex];
                string key = StoreKeys.Join(_path, chunk.Key);
                byte[] elements;
                if (chunk.CoversStoredPart)
                {
                    elements = new byte[spec.ByteLength];
                    spec.Fill(elements);
                }
                else
                {
                    byte[]? stored = _store.Read(key);
                    elements = stored is null ? new byte[spec.ByteLength] : Metadata.Pipeline.Decode(stored);
                    if (stored is null)
                    {
                        spec.Fill(elements);
                    }
                }

                foreach (Piece piece in chunk.Pieces)
                {
                    Blocks.Copy(plan.ResultShape, input, piece.Output, _chunkShape, elements, piece.Local, plan.ItemSize);
                }

                _store.Write(key, Metadata.Pipeline.Encode(elements));
                _options.ChunkCache?.Remove(_store, key);
            });
        }
    }

    /// <summary>
    /// Reads a selection of an object array (v2 dtype <c>|O</c> through its object codec; v3 <c>string</c> or
    /// <c>bytes</c> through <c>vlen-*</c>). Chunks are read whole; missing ones give the fill value's item.
    /// </summary>
    /// <param name="selection">The selection; null for everything.</param>
    /// <returns>The items in C order, with the result's shape.</returns>
    /// <exception cref="InvalidOperationException">The array holds fixed-size elements: use <see cref="Read{T}(ZarrSelection?)"/>.</exception>
    public ObjectArray ReadObjects(ZarrSelection? selection = null)
    {
        CheckItems();
        Plan plan = MakePlan(selection ?? ZarrSelection.All(Metadata.ShapeSpan.Length));
        var items = new object?[plan.ElementCount];
        object? fill = FillItem();
        int[] chunkShape = Metadata.Pipeline.Spec.ShapeArray();
        For(plan.Chunks.Length, c =>
        {
            ChunkPlan chunk = plan.Chunks[c];
            byte[]? stored = _store.Read(StoreKeys.Join(_path, chunk.Key));
            object?[] decoded = stored is null
                ? [.. Enumerable.Repeat(fill, Metadata.Pipeline.Spec.ElementCount)]
                : [.. Metadata.Pipeline.DecodeObjects(stored).Items];
            foreach (Piece piece in chunk.Pieces)
            {
                Blocks.CopyItems(chunkShape, decoded, piece.Local, plan.ResultShape, items, piece.Output);
            }
        });
        return new ObjectArray(items, [.. GetResultShape(selection ?? ZarrSelection.All(Metadata.ShapeSpan.Length)).Select(extent => (int)extent)]);
    }

    /// <summary>Writes items to a selection of an object array, reading, updating and writing back the chunks it covers in part.</summary>
    /// <param name="selection">The selection; null for everything.</param>
    /// <param name="items">The items in C order of the result's shape.</param>
    /// <exception cref="InvalidOperationException">The array holds fixed-size elements.</exception>
    /// <exception cref="ArgumentException">The item count differs from the selection's.</exception>
    public void WriteObjects(ZarrSelection? selection, ObjectArray items)
    {
        ArgumentNullException.ThrowIfNull(items);
        CheckItems();
        if (_store.IsReadOnly)
        {
            throw new NotSupportedException("The array's store is read-only.");
        }

        Plan plan = MakePlan(selection ?? ZarrSelection.All(Metadata.ShapeSpan.Length));
        if (items.Count != plan.ElementCount)
        {
            throw new ArgumentException($"The selection holds {plan.ElementCount} items; {items.Count} were given.", nameof(items));
        }

        object?[] source = [.. items.Items];
        object? fill = FillItem();
        int[] chunkShape = Metadata.Pipeline.Spec.ShapeArray();
        For(plan.Chunks.Length, c =>
        {
            ChunkPlan chunk = plan.Chunks[c];
            string key = StoreKeys.Join(_path, chunk.Key);
            byte[]? stored = chunk.CoversStoredPart ? null : _store.Read(key);
            object?[] elements = stored is null
                ? [.. Enumerable.Repeat(fill, Metadata.Pipeline.Spec.ElementCount)]
                : [.. Metadata.Pipeline.DecodeObjects(stored).Items];
            foreach (Piece piece in chunk.Pieces)
            {
                Blocks.CopyItems(plan.ResultShape, source, piece.Output, chunkShape, elements, piece.Local);
            }

            _store.Write(key, Metadata.Pipeline.EncodeObjects(new ObjectArray(elements, chunkShape)));
        });
    }

    private void CheckElements()
    {
        if (Metadata.Pipeline.HoldsItems)
        {
            throw new InvalidOperationException("The array holds objects (strings, byte strings, ...), not fixed-size elements: use ReadObjects and WriteObjects.");
        }
    }

    private void CheckItems()
    {
        if (!Metadata.Pipeline.HoldsItems)
        {
            throw new InvalidOperationException($"The array holds {DataType.ZarrV3Name ?? DataType.ToString()} elements, not objects: use Read and Write.");
        }
    }

    /// <summary>The item a missing chunk of an object array holds: the fill value's string or number, or null.</summary>
    private object? FillItem() => Metadata.Document["fill_value"] switch
    {
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.TryGetValue(out long integer) ? integer : value.GetValue<double>(),
        _ => null,
    };

    private static ZarrArrayMetadata Parse(string path, byte[]? v3, byte[]? v2, byte[]? attributes)
    {
        if (v3 is not null)
        {
            return ZarrArrayMetadata.FromZarrJson(Document(v3, StoreKeys.Join(path, "zarr.json")));
        }

        if (v2 is not null)
        {
            return ZarrArrayMetadata.FromZarray(Document(v2, StoreKeys.Join(path, ".zarray")), attributes is null ? null : Document(attributes, StoreKeys.Join(path, ".zattrs")));
        }

        throw new ZarrFormatException($"There is no Zarr array at '{path}': neither zarr.json nor .zarray.");
    }

    private static JsonObject Document(byte[] bytes, string key)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new ZarrFormatException($"'{key}' is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ZarrFormatException($"'{key}' is not valid JSON: {e.Message}", e);
        }
    }

    private void CheckElementType<T>()
        where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != DataType.ItemSize)
        {
            throw new ArgumentException($"{typeof(T).Name} has {Unsafe.SizeOf<T>()} bytes; elements of {DataType.ZarrV3Name ?? DataType.ToString()} have {DataType.ItemSize}.");
        }
    }

    private void CheckRank(ZarrSelection selection)
    {
        if (selection.Dimensions.Count != Metadata.ShapeSpan.Length)
        {
            throw new ArgumentException($"The selection has {selection.Dimensions.Count} dimensions; the array has {Metadata.ShapeSpan.Length}.", nameof(selection));
        }
    }

    private static void CheckDestination(Plan plan, long length)
    {
        if (length < plan.ElementCount * plan.ItemSize)
        {
#pragma warning disable CA2208 // the caller's parameter is the destination, whose length this method is given
            throw new ArgumentException(
                $"The destination ({length} bytes) is too small for the selection's {plan.ElementCount} elements ({plan.ElementCount * plan.ItemSize} bytes).", "destination");
#pragma warning restore CA2208
        }
    }

    private unsafe void ReadInto(Plan plan, Span<byte> destination)
    {
        CheckElements();
        CheckDestination(plan, destination.Length);
        using CallCache callCache = CallCache.For(plan, Metadata.Pipeline.Spec.ByteLength, _options.Partial);
        fixed (byte* pointer = destination)
        {
            // Chunks fill disjoint parts of the destination, so threads write it without a lock.
            nint address = (nint)pointer;
            int length = destination.Length;
            For(plan.Chunks.Length, chunkIndex => ReadChunk(plan, plan.Chunks[chunkIndex], new Span<byte>((void*)address, length), callCache.Options));
        }
    }

    private void ReadChunk(Plan plan, ChunkPlan chunk, Span<byte> destination, PartialDecodeOptions partial)
    {
        string key = StoreKeys.Join(_path, chunk.Key);
        if (chunk.WholeChunk || !Metadata.Pipeline.SupportsPartialDecoding)
        {
            // Every element of the chunk is wanted, or the chain would decode it whole anyway: one read.
            byte[]? decoded = _options.ChunkCache?.TryGet(_store, key, Metadata.Pipeline.Spec.ByteLength);
            if (decoded is not null)
            {
                Place(plan, chunk, decoded, destination);
                return;
            }

            long generation = _options.ChunkCache?.Generation(_store, key) ?? 0;
            using IMemoryOwner<byte>? stored = _store.ReadPooled(key);
            if (stored is null)
            {
                FillPieces(plan, chunk, destination);
            }
            else
            {
                DecodeWhole(plan, chunk, key, generation, stored.Memory.Span, destination);
            }

            return;
        }

        IByteRangeSource? source = _store.OpenRange(key);
        if (source is null)
        {
            FillPieces(plan, chunk, destination);
            return;
        }

        try
        {
            IArrayPartialDecoder decoder = Metadata.Pipeline.CreatePartialDecoder(source, partial);
            foreach (Piece piece in chunk.Pieces)
            {
                byte[] part = GC.AllocateUninitializedArray<byte>(piece.ByteLength(plan.ItemSize));
                decoder.Decode(piece.Local, part);
                Blocks.Copy(piece.LocalShape, part, piece.AllLocal, plan.ResultShape, destination, piece.Output, plan.ItemSize);
            }
        }
        catch (StoreKeyNotFoundException)
        {
            FillPieces(plan, chunk, destination); // a store that learns of a missing key at its first read
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Decodes a whole chunk read from the store and places its pieces. With a chunk cache the decoded chunk is a new
    /// array the cache keeps (<paramref name="generation"/> is the key's before the read). Without one, nothing is
    /// allocated: the chunk is decoded straight into the destination when it lands there as one run of bytes,
    /// otherwise into a pooled buffer that its pieces are copied from.
    /// </summary>
    private void DecodeWhole(Plan plan, ChunkPlan chunk, string key, long generation, ReadOnlySpan<byte> stored, Span<byte> destination)
    {
        CodecPipeline pipeline = Metadata.Pipeline;
        if (_options.ChunkCache is not null)
        {
            byte[] kept = pipeline.Decode(stored);
            _options.ChunkCache.Add(_store, key, kept, generation);
            Place(plan, chunk, kept, destination);
            return;
        }

        if (chunk.Pieces.Length == 1 &&
            Blocks.TryGetContiguousStart(_chunkShape, chunk.Pieces[0].Local, plan.ResultShape, chunk.Pieces[0].Output, out long start))
        {
            pipeline.Decode(stored, destination.Slice(checked((int)(start * plan.ItemSize)), pipeline.Spec.ByteLength));
            return;
        }

        byte[] decoded = ArrayPool<byte>.Shared.Rent(pipeline.Spec.ByteLength);
        try
        {
            pipeline.Decode(stored, decoded);
            Place(plan, chunk, decoded, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded);
        }
    }

    private void Place(Plan plan, ChunkPlan chunk, ReadOnlySpan<byte> decoded, Span<byte> destination)
    {
        foreach (Piece piece in chunk.Pieces)
        {
            Blocks.Copy(_chunkShape, decoded, piece.Local, plan.ResultShape, destination, piece.Output, plan.ItemSize);
        }
    }

    private void FillPieces(Plan plan, ChunkPlan chunk, Span<byte> destination)
    {
        ChunkSpec spec = Metadata.Pipeline.Spec;
        foreach (Piece piece in chunk.Pieces)
        {
            Blocks.Fill(spec, plan.ResultShape, destination, piece.Output);
        }
    }

    private void For(int count, Action<int> body)
    {
        if (count <= 1 || _options.MaxConcurrency <= 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency }, body);
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(aggregate.InnerExceptions[0]);
        }
    }

    private Plan MakePlan(ZarrSelection selection)
    {
        CheckRank(selection);
        ReadOnlySpan<long> shape = Metadata.ShapeSpan;
        ReadOnlySpan<int> chunkShape = Metadata.ChunkShapeSpan;
        int rank = shape.Length;

        // Per dimension: the chunks touched, and in each the runs of indices consecutive both in the chunk and in the result.
        // Sizes first, from the selection's bounds alone: nothing is listed or allocated for a selection (or a shape
        // from metadata) larger than one buffer holds.
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            long extent = selection.Dimensions[d].Count(shape[d]);
            count = extent == 0 || count == 0 ? 0 : (count > Array.MaxLength / extent ? long.MaxValue : count * extent);
        }

        long byteCount = count == long.MaxValue ? long.MaxValue : count * DataType.ItemSize;
        if (byteCount > Array.MaxLength)
        {
            throw new ArgumentException(
                $"The selection holds {(count == long.MaxValue ? "more than " + Array.MaxLength : count.ToString(System.Globalization.CultureInfo.InvariantCulture))} elements, more than one buffer of {Array.MaxLength} bytes holds; select less.",
                nameof(selection));
        }

        var perDimension = new List<(long Chunk, List<Run> Runs)>[rank];
        var resultShape = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            if (selection.Dimensions[d].TryGetRun(shape[d], d, out long runStart, out long runStop))
            {
                // One run: one piece per chunk it crosses, computed per chunk rather than per index.
                resultShape[d] = (int)(runStop - runStart);
                var runs = new List<(long Chunk, List<Run> Runs)>();
                if (runStop > runStart)
                {
                    for (long chunkIndex = runStart / chunkShape[d]; chunkIndex <= (runStop - 1) / chunkShape[d]; chunkIndex++)
                    {
                        long origin = chunkIndex * chunkShape[d];
                        long first = Math.Max(runStart, origin);
                        long last = Math.Min(runStop, origin + chunkShape[d]);
                        runs.Add((chunkIndex, [new Run((int)(first - origin), (int)(first - runStart), (int)(last - first))]));
                    }
                }

                perDimension[d] = runs;
                continue;
            }

            long[] indices = selection.Dimensions[d].Resolve(shape[d], d);
            resultShape[d] = indices.Length;
            var byChunk = new Dictionary<long, List<Run>>();
            var order = new List<long>();
            for (int position = 0; position < indices.Length; position++)
            {
                long chunkIndex = indices[position] / chunkShape[d];
                int local = (int)(indices[position] - (chunkIndex * chunkShape[d]));
                if (!byChunk.TryGetValue(chunkIndex, out List<Run>? runs))
                {
                    byChunk[chunkIndex] = runs = [];
                    order.Add(chunkIndex);
                }

                if (runs.Count > 0 && runs[^1].LocalStart + runs[^1].Length == local && runs[^1].OutputStart + runs[^1].Length == position)
                {
                    runs[^1] = runs[^1] with { Length = runs[^1].Length + 1 };
                }
                else
                {
                    runs.Add(new Run(local, position, 1));
                }
            }

            perDimension[d] = [.. order.Select(chunkIndex => (chunkIndex, byChunk[chunkIndex]))];
        }

        var chunks = new List<ChunkPlan>();
        if (count > 0)
        {
            var position = new int[rank];
            while (true)
            {
                var grid = new long[rank];
                var runs = new List<Run>[rank];
                long selected = 1;
                long stored = 1; // elements of the chunk inside the array
                for (int d = 0; d < rank; d++)
                {
                    (grid[d], runs[d]) = perDimension[d][position[d]];
                    selected *= runs[d].Sum(run => (long)run.Length);
                    stored *= Math.Min(chunkShape[d], shape[d] - (grid[d] * chunkShape[d]));
                }

                Piece[] pieces = Pieces(runs);
                bool distinct = pieces.Sum(piece => piece.ByteLength(1)) == selected && selected == stored;
                chunks.Add(new ChunkPlan(
                    Metadata.ChunkKey(grid),
                    pieces,
                    WholeChunk: selected >= stored,
                    CoversStoredPart: distinct && NoRepeats(runs)));

                int dim = rank - 1;
                while (dim >= 0 && ++position[dim] == perDimension[dim].Count)
                {
                    position[dim] = 0;
                    dim--;
                }

                if (dim < 0)
                {
                    break;
                }
            }
        }

        return new Plan([.. chunks], resultShape, (int)count, DataType.ItemSize);
    }

    private static bool NoRepeats(List<Run>[] runs) =>
        runs.All(list => list.Count == 1 || list.SelectMany(run => Enumerable.Range(run.LocalStart, run.Length)).Distinct().Count() == list.Sum(run => run.Length));

    /// <summary>The cartesian product of per-dimension runs: the hyper-rectangles of one chunk.</summary>
    private static Piece[] Pieces(List<Run>[] runs)
    {
        int rank = runs.Length;
        var pieces = new List<Piece>();
        var at = new int[rank];
        if (rank == 0)
        {
            return [new Piece([], [])];
        }

        while (true)
        {
            var local = new DimensionSlice[rank];
            var output = new DimensionSlice[rank];
            for (int d = 0; d < rank; d++)
            {
                Run run = runs[d][at[d]];
                local[d] = new DimensionSlice(run.LocalStart, run.LocalStart + run.Length);
                output[d] = new DimensionSlice(run.OutputStart, run.OutputStart + run.Length);
            }

            pieces.Add(new Piece(local, output));
            int dim = rank - 1;
            while (dim >= 0 && ++at[dim] == runs[dim].Count)
            {
                at[dim] = 0;
                dim--;
            }

            if (dim < 0)
            {
                return [.. pieces];
            }
        }
    }

    /// <summary>
    /// For one read call whose chunks are cut in many pieces (steps, dense index lists): a Blosc block cache of its own
    /// where the caller has none, so that a block holding several pieces is read and decoded once.
    /// </summary>
    private sealed class CallCache : IDisposable
    {
        private const long CapacityBytes = 256L << 20; // decoded blocks one call keeps at most
        private const int ScatteredPiecesPerChunk = 4;
        // An estimate of a Blosc block, for want of the chunk's header at planning time. c-blosc's automatic size at level
        // 5 is 128 KiB times the item size for LZ4 and BloscLZ (512 KiB for float32), twice that for LZ4HC and zlib, at
        // most 1 MiB, and 256 KiB for zstd; less at lower levels. A wrong guess costs speed, not correctness.
        private const int TypicalBlockBytes = 256 << 10;

        private readonly Blosc.BloscBlockCache? _cache;

        private CallCache(PartialDecodeOptions options, Blosc.BloscBlockCache? cache)
        {
            Options = options;
            _cache = cache;
        }

        public PartialDecodeOptions Options { get; }

        public static CallCache For(Plan plan, int chunkBytes, PartialDecodeOptions options)
        {
            // Pieces that share blocks are many to a chunk (a stepped slice, a run of nearby indices): more than the
            // chunk has blocks. Fewer, scattered ones (random rows of a minibatch) rarely share a block, and are
            // cheaper decoded in part than cached whole.
            long pieces = plan.Chunks.Sum(chunk => (long)chunk.Pieces.Length);
            long perChunk = Math.Max(ScatteredPiecesPerChunk, chunkBytes / TypicalBlockBytes);
            if (options.Blosc.Cache is not null || pieces <= perChunk * plan.Chunks.Length)
            {
                return new CallCache(options, null);
            }

            var cache = new Blosc.BloscBlockCache(CapacityBytes);
            return new CallCache(ZarrArrayOptions.WithBlockCache(options, cache), cache);
        }

        public void Dispose() => _cache?.Dispose();
    }

    private readonly record struct Run(int LocalStart, int OutputStart, int Length);

    private sealed record Piece(DimensionSlice[] Local, DimensionSlice[] Output)
    {
        public int[] LocalShape => [.. Local.Select(slice => slice.Length)];

        public DimensionSlice[] AllLocal => [.. Local.Select(slice => new DimensionSlice(0, slice.Length))];

        public int ByteLength(int itemSize) => Local.Aggregate(itemSize, (bytes, slice) => bytes * slice.Length);
    }

    private sealed record ChunkPlan(string Key, Piece[] Pieces, bool WholeChunk, bool CoversStoredPart);

    private sealed record Plan(ChunkPlan[] Chunks, int[] ResultShape, int ElementCount, int ItemSize);
}
