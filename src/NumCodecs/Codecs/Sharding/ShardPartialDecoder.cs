using System.Collections.Concurrent;
using NumCodecs.Internal;
using NumCodecs.IO;
using NumCodecs.Pipeline;

namespace NumCodecs;

/// <summary>
/// Decodes selections of a shard: reads the index once (checking every entry), then only the inner chunks a selection
/// touches. Inner chunks wholly needed (or whose chain cannot decode partially) are read in coalesced, concurrent
/// reads; partly needed ones go through their chain's partial decoder, kept per inner chunk for later calls.
/// </summary>
internal sealed class ShardPartialDecoder : IArrayPartialDecoder
{
    private readonly ShardingCodec.Layout _layout;
    private readonly IByteRangeSource _source;
    private readonly PartialDecodeOptions _options;
    private readonly ConcurrentDictionary<int, IArrayPartialDecoder> _innerDecoders = new();
    private ShardingCodec.ShardIndex? _index;

    public ShardPartialDecoder(ShardingCodec.Layout layout, IByteRangeSource source, PartialDecodeOptions options)
    {
        _layout = layout;
        _source = source;
        _options = options;
    }

    public ChunkSpec Spec => _layout.Spec;

    public void Decode(ReadOnlySpan<DimensionSlice> selection, Span<byte> destination)
    {
        int length = Selections.ByteCount(Spec, selection, destination.Length);
        if (length == 0)
        {
            return;
        }

        ShardingCodec.ShardIndex index = _index ?? Publish(ReadIndex());
        Piece[] pieces = Plan(selection);
        if (pieces.Length == 0)
        {
            return;
        }

        byte[] output = GC.AllocateUninitializedArray<byte>(length);
        ChunkSpec outputSpec = Spec.WithShape(Selections.Shape(selection));
        Piece[] whole = pieces.Where(piece => piece.Whole && !index.IsEmpty(piece.Chunk)).ToArray();
        CoalescedReads? reads = null;
        Dictionary<int, int> rangeOf = [];
        if (whole.Length > 0)
        {
            reads = new CoalescedReads(Ranges(whole, index, rangeOf), _options.MaxCoalesceGap);
            reads.Read(_source, _options.MaxConcurrency);
        }

        ParallelWork.For(pieces.Length, _options.MaxConcurrency, p =>
        {
            Piece piece = pieces[p];
            if (index.IsEmpty(piece.Chunk))
            {
                FillPiece(piece, outputSpec, output);
            }
            else if (piece.Whole)
            {
                DecodeWhole(piece, reads!.Get(rangeOf[piece.Chunk]).Span, outputSpec, output);
            }
            else
            {
                byte[] part = GC.AllocateUninitializedArray<byte>(piece.ByteLength(Spec));
                InnerDecoder(piece.Chunk, index).Decode(piece.Local, part);
                Selections.Scatter(outputSpec, part, piece.Output, output);
            }
        });
        output.CopyTo(destination);
    }

    public async ValueTask DecodeAsync(ReadOnlyMemory<DimensionSlice> selection, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        int length = Selections.ByteCount(Spec, selection.Span, destination.Length);
        if (length == 0)
        {
            return;
        }

        ShardingCodec.ShardIndex index = _index ?? Publish(await ReadIndexAsync(cancellationToken).ConfigureAwait(false));
        Piece[] pieces = Plan(selection.Span);
        if (pieces.Length == 0)
        {
            return;
        }

        byte[] output = GC.AllocateUninitializedArray<byte>(length);
        ChunkSpec outputSpec = Spec.WithShape(Selections.Shape(selection.Span));
        Piece[] whole = pieces.Where(piece => piece.Whole && !index.IsEmpty(piece.Chunk)).ToArray();
        CoalescedReads? reads = null;
        Dictionary<int, int> rangeOf = [];
        Task wholeReads = Task.CompletedTask;
        if (whole.Length > 0)
        {
            reads = new CoalescedReads(Ranges(whole, index, rangeOf), _options.MaxCoalesceGap);
            wholeReads = reads.ReadAsync(_source, _options.MaxConcurrency, cancellationToken);
        }

        // Partly needed inner chunks read (through their own decoders) while the whole ones are in flight; the whole
        // reads are awaited whatever happens to the partial ones, so that none outlives the call.
        Piece[] partial = pieces.Where(piece => !piece.Whole && !index.IsEmpty(piece.Chunk)).ToArray();
        try
        {
            await Parallel.ForEachAsync(
                partial,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrency), CancellationToken = cancellationToken },
                async (piece, token) =>
                {
                    byte[] part = GC.AllocateUninitializedArray<byte>(piece.ByteLength(Spec));
                    await InnerDecoder(piece.Chunk, index).DecodeAsync(piece.Local, part, token).ConfigureAwait(false);
                    Selections.Scatter(outputSpec, part, piece.Output, output);
                }).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                await wholeReads.ConfigureAwait(false);
            }
            catch (Exception) when (!wholeReads.IsCompletedSuccessfully)
            {
                // the partial decode's failure is the one reported
            }

            throw;
        }

        await wholeReads.ConfigureAwait(false);

        ParallelWork.For(pieces.Length, _options.MaxConcurrency, p =>
        {
            Piece piece = pieces[p];
            if (index.IsEmpty(piece.Chunk))
            {
                FillPiece(piece, outputSpec, output);
            }
            else if (piece.Whole)
            {
                DecodeWhole(piece, reads!.Get(rangeOf[piece.Chunk]).Span, outputSpec, output);
            }
        });
        output.CopyTo(destination);
    }

    private static void FillPiece(Piece piece, ChunkSpec outputSpec, byte[] output)
    {
        byte[] part = GC.AllocateUninitializedArray<byte>(piece.ByteLength(outputSpec));
        outputSpec.Fill(part);
        Selections.Scatter(outputSpec, part, piece.Output, output);
    }

    private void DecodeWhole(Piece piece, ReadOnlySpan<byte> encoded, ChunkSpec outputSpec, byte[] output)
    {
        ChunkSpec inner = _layout.Inner.Spec;
        byte[] chunk = GC.AllocateUninitializedArray<byte>(inner.ByteLength);
        _layout.Inner.Decode(encoded, chunk);
        if (piece.CoversInner)
        {
            Selections.Scatter(outputSpec, chunk, piece.Output, output);
            return;
        }

        byte[] part = GC.AllocateUninitializedArray<byte>(piece.ByteLength(inner));
        Selections.Extract(inner, chunk, piece.Local, part);
        Selections.Scatter(outputSpec, part, piece.Output, output);
    }

    private IArrayPartialDecoder InnerDecoder(int chunk, ShardingCodec.ShardIndex index) =>
        _innerDecoders.GetOrAdd(chunk, c => _layout.Inner.CreatePartialDecoder(
            ByteRangeSlice.Create(_source, index.Offset(c), index.Length(c)), _options));

    private static ByteRange[] Ranges(Piece[] whole, ShardingCodec.ShardIndex index, Dictionary<int, int> rangeOf)
    {
        // Sorted by offset for coalescing; rangeOf maps each inner chunk to its range.
        Array.Sort(whole, (a, b) => index.Offset(a.Chunk).CompareTo(index.Offset(b.Chunk)));
        for (int i = 0; i < whole.Length; i++)
        {
            rangeOf[whole[i].Chunk] = i;
        }

        return whole.Select(piece => new ByteRange(index.Offset(piece.Chunk), index.Length(piece.Chunk))).ToArray();
    }

    private ShardingCodec.ShardIndex Publish(ShardingCodec.ShardIndex index) =>
        Interlocked.CompareExchange(ref _index, index, null) ?? index;

    private ShardingCodec.ShardIndex ReadIndex()
    {
        byte[] bytes = new byte[_layout.IndexLength];
        long shardLength;
        if (_layout.Location == ShardIndexLocation.Start)
        {
            shardLength = _source.TryGetLength(out long known) ? known : -1;
            CheckIndexRead(ByteRanges.ReadFully(_source, 0, bytes), shardLength);
        }
        else if (_source.TryGetLength(out shardLength))
        {
            CheckIndexRead(shardLength < bytes.Length ? 0 : ByteRanges.ReadFully(_source, shardLength - bytes.Length, bytes), shardLength);
        }
        else
        {
            SuffixRead suffix = _source.ReadSuffix(bytes);
            shardLength = suffix.SourceLength;
            CheckIndexRead(suffix.BytesRead, shardLength);
        }

        ShardingCodec.ShardIndex index = _layout.ReadIndex(bytes, shardLength);
        if (shardLength < 0 && index.MaxEnd > 0)
        {
            // The length is unknown: the last byte any entry claims must be there before any entry is trusted.
            Span<byte> last = stackalloc byte[1];
            CheckProbe(_source.Read(index.MaxEnd - 1, last), index.MaxEnd);
        }

        return index;
    }

    private async ValueTask<ShardingCodec.ShardIndex> ReadIndexAsync(CancellationToken cancellationToken)
    {
        byte[] bytes = new byte[_layout.IndexLength];
        long shardLength;
        if (_layout.Location == ShardIndexLocation.Start)
        {
            shardLength = _source.TryGetLength(out long known) ? known : -1;
            int read = 0;
            while (read < bytes.Length)
            {
                int got = await _source.ReadAsync(read, bytes.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (got <= 0)
                {
                    break;
                }

                read += got;
            }

            CheckIndexRead(read, shardLength);
        }
        else if (_source.TryGetLength(out shardLength))
        {
            if (shardLength < bytes.Length)
            {
                CheckIndexRead(0, shardLength);
            }

            await ByteRanges.ReadExactlyAsync(_source, shardLength - bytes.Length, bytes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            SuffixRead suffix = await _source.ReadSuffixAsync(bytes, cancellationToken).ConfigureAwait(false);
            shardLength = suffix.SourceLength;
            CheckIndexRead(suffix.BytesRead, shardLength);
        }

        ShardingCodec.ShardIndex index = _layout.ReadIndex(bytes, shardLength);
        if (shardLength < 0 && index.MaxEnd > 0)
        {
            CheckProbe(await _source.ReadAsync(index.MaxEnd - 1, new byte[1], cancellationToken).ConfigureAwait(false), index.MaxEnd);
        }

        return index;
    }

    private void CheckIndexRead(int read, long shardLength)
    {
        if (read < _layout.IndexLength)
        {
            string length = shardLength >= 0 ? $"The shard has {shardLength} bytes" : $"The shard ended after {read} bytes";
            throw new CorruptDataException($"{length}, fewer than its {_layout.IndexLength}-byte index.");
        }
    }

    private static void CheckProbe(int read, long maxEnd)
    {
        if (read < 1)
        {
            throw new CorruptDataException($"The shard ends before byte {maxEnd}, where its index says an inner chunk ends.");
        }
    }

    /// <summary>The inner chunks a selection touches, with where their part lies in the inner chunk and in the output.</summary>
    private Piece[] Plan(ReadOnlySpan<DimensionSlice> selection)
    {
        int rank = selection.Length;
        int[] chunkShape = _layout.ChunkShape;
        var first = new int[rank];
        var last = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            if (selection[d].Length == 0)
            {
                return [];
            }

            first[d] = selection[d].Start / chunkShape[d];
            last[d] = (selection[d].Stop - 1) / chunkShape[d];
        }

        bool innerPartial = _layout.Inner.SupportsPartialDecoding;
        var pieces = new List<Piece>();
        var g = (int[])first.Clone();
        while (true)
        {
            int chunk = 0;
            var local = new DimensionSlice[rank];
            var output = new DimensionSlice[rank];
            bool covers = true;
            for (int d = 0; d < rank; d++)
            {
                chunk = (chunk * _layout.Grid[d]) + g[d];
                int origin = g[d] * chunkShape[d];
                int start = Math.Max(selection[d].Start, origin);
                int stop = Math.Min(selection[d].Stop, origin + chunkShape[d]);
                local[d] = new DimensionSlice(start - origin, stop - origin);
                output[d] = new DimensionSlice(start - selection[d].Start, stop - selection[d].Start);
                covers &= stop - start == chunkShape[d];
            }

            pieces.Add(new Piece(chunk, local, output, covers, covers || !innerPartial));

            int dim = rank - 1;
            while (dim >= 0 && ++g[dim] > last[dim])
            {
                g[dim] = first[dim];
                dim--;
            }

            if (dim < 0)
            {
                break;
            }
        }

        return [.. pieces];
    }

    /// <summary>One inner chunk's share of a selection.</summary>
    private sealed record Piece(int Chunk, DimensionSlice[] Local, DimensionSlice[] Output, bool CoversInner, bool Whole)
    {
        public int ByteLength(ChunkSpec spec) => Local.Aggregate(spec.DataType.ItemSize, (bytes, slice) => bytes * slice.Length);
    }
}
