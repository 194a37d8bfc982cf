using System.Buffers;
using System.Buffers.Binary;
using NumCodecs.Internal;
using NumCodecs.IO;

namespace NumCodecs.Blosc;

/// <summary>
/// Reads part of a Blosc chunk stored in a byte-range source (a file, a memory mapping, an object store), reading
/// only the header, the block table and the compressed bytes of the blocks that hold the wanted items.
/// </summary>
/// <remarks>
/// <para>
/// Reads are planned: the header and block table take at most two reads (one when
/// <see cref="BloscPartialOptions.InitialReadLength"/> covers the table), then the needed blocks' compressed ranges
/// are merged across gaps up to <see cref="BloscPartialOptions.MaxCoalesceGap"/> and read at once. Memory and bytes
/// read follow the blocks needed, not the chunk: the blocks land in a compact, well-formed chunk (the original header
/// and table, with the table pointing into just the bytes read) that c-blosc decodes. Memcpyed chunks are read
/// straight into the destination. Sources that hold their bytes in memory (<see cref="IDirectByteRangeSource"/>:
/// buffers, memory-mapped files) are decoded in place, without copying compressed bytes.
/// </para>
/// <para>A reader is thread-safe; the layout is read once and shared by later calls.</para>
/// </remarks>
public sealed class BloscChunkReader
{
    private readonly IByteRangeSource _source;
    private readonly long _chunkOffset;
    private readonly BloscPartialOptions _options;
    private readonly object _cacheKey;
    private BloscChunkLayout? _layout;

    /// <summary>Creates a reader of the chunk at <paramref name="chunkOffset"/> in <paramref name="source"/>.</summary>
    /// <param name="source">Where the chunk is.</param>
    /// <param name="chunkOffset">Byte offset of the chunk's first byte (0 for a file holding one chunk).</param>
    /// <param name="options">Read planning, parallelism and cache; null for the defaults.</param>
    /// <param name="cacheKey">Identifies this chunk in the cache; by default the pair (source, offset).</param>
    public BloscChunkReader(IByteRangeSource source, long chunkOffset = 0, BloscPartialOptions? options = null, object? cacheKey = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkOffset);
        _source = source;
        _chunkOffset = chunkOffset;
        _options = options ?? BloscPartialOptions.Default;
        _cacheKey = cacheKey ?? (source, chunkOffset);
    }

    /// <summary>The chunk's layout, reading the header and block table if no call has yet.</summary>
    /// <returns>The layout.</returns>
    /// <exception cref="CorruptDataException">The header or table is invalid, or the source ends inside them.</exception>
    public BloscChunkLayout GetLayout() => _layout ?? ReadLayout(out _, out _);

    /// <summary>The chunk's layout, reading the header and block table asynchronously if no call has yet.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="CorruptDataException">The header or table is invalid, or the source ends inside them.</exception>
    public async ValueTask<BloscChunkLayout> GetLayoutAsync(CancellationToken cancellationToken = default) =>
        _layout ?? (await ReadLayoutAsync(cancellationToken).ConfigureAwait(false)).Layout;

    /// <summary>Decodes <paramref name="itemCount"/> items from <paramref name="startItem"/>.</summary>
    /// <param name="startItem">Index of the first item.</param>
    /// <param name="itemCount">Number of items.</param>
    /// <param name="destination">Receives the items.</param>
    /// <returns>What was read and decoded.</returns>
    /// <exception cref="CorruptDataException">The chunk is invalid or the source ends inside it.</exception>
    /// <exception cref="ArgumentException">The items lie outside the chunk or the destination is too small.</exception>
    public BloscPartialResult ReadItems(int startItem, int itemCount, Span<byte> destination) =>
        ReadItemRanges([new ItemRange(startItem, itemCount)], destination);

    /// <summary>Decodes a hyper-rectangle of a C-order chunk; the destination receives it with the selection's shape.</summary>
    /// <param name="chunkShape">The chunk's shape, outermost first.</param>
    /// <param name="selection">One slice per dimension.</param>
    /// <param name="destination">Receives the selected items.</param>
    /// <returns>What was read and decoded.</returns>
    /// <exception cref="CorruptDataException">The chunk is invalid or the source ends inside it.</exception>
    /// <exception cref="ArgumentException">The shape does not match, the selection lies outside, or the destination is too small.</exception>
    public BloscPartialResult ReadSelection(ReadOnlySpan<int> chunkShape, ReadOnlySpan<DimensionSlice> selection, Span<byte> destination)
    {
        long bytesRead = 0;
        int reads = 0;
        BloscChunkLayout layout = _layout ?? ReadLayout(out bytesRead, out reads);
        BloscPartialDecoder.CheckShape(layout.Header, chunkShape);
        return ReadItemRanges(layout, ChunkSelection.ToItemRanges(chunkShape, selection), destination, bytesRead, reads);
    }

    /// <summary>Decodes several item ranges, one after another into <paramref name="destination"/>.</summary>
    /// <param name="ranges">The item ranges, in the order their items go to the destination.</param>
    /// <param name="destination">Receives the items.</param>
    /// <returns>What was read and decoded.</returns>
    /// <exception cref="CorruptDataException">The chunk is invalid or the source ends inside it.</exception>
    /// <exception cref="ArgumentException">A range lies outside the chunk or the destination is too small.</exception>
    public BloscPartialResult ReadItemRanges(ReadOnlySpan<ItemRange> ranges, Span<byte> destination)
    {
        long bytesRead = 0;
        int reads = 0;
        BloscChunkLayout layout = _layout ?? ReadLayout(out bytesRead, out reads);
        return ReadItemRanges(layout, ranges, destination, bytesRead, reads);
    }

    private BloscPartialResult ReadItemRanges(BloscChunkLayout layout, ReadOnlySpan<ItemRange> ranges, Span<byte> destination, long bytesRead, int reads)
    {
        if (_source is IDirectByteRangeSource direct && direct.TryGetSpan(_chunkOffset, layout.Header.CompressedLength, out ReadOnlySpan<byte> chunk))
        {
            BloscPartialResult inPlace = BloscPartialDecoder.DecodeItemRanges(chunk, ranges, destination, _options, _cacheKey);
            return inPlace with { BytesRead = bytesRead, ReadCount = reads };
        }

        Plan plan = MakePlan(layout, ranges, destination.Length);
        if (plan.Pieces.Length == 0)
        {
            return new BloscPartialResult(0, 0, 0, bytesRead, reads);
        }

        if (layout.Header.IsMemcpyed)
        {
            foreach (Read read in plan.Reads)
            {
                ReadExactly(read.ChunkOffset, destination.Slice(read.BufferOffset, read.Length));
            }

            return new BloscPartialResult(plan.TotalBytes, 0, 0, bytesRead + plan.BytesToRead, reads + plan.Reads.Length);
        }

        byte[] compact = ArrayPool<byte>.Shared.Rent(plan.CompactLength);
        try
        {
            plan.WriteHeaderAndTable(layout, compact);
            ParallelWork.For(plan.Reads.Length, _options.MaxDegreeOfParallelism, r =>
            {
                Read read = plan.Reads[r];
                ReadExactly(read.ChunkOffset, compact.AsSpan(read.BufferOffset, read.Length));
            });

            return DecodeCompact(layout, plan, compact, destination) with
            {
                BytesRead = bytesRead + plan.BytesToRead,
                ReadCount = reads + plan.Reads.Length,
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compact);
        }
    }

    /// <summary>Decodes several item ranges, with the reads of the needed blocks issued concurrently.</summary>
    /// <param name="ranges">The item ranges, in the order their items go to the destination.</param>
    /// <param name="destination">Receives the items.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>What was read and decoded.</returns>
    /// <exception cref="CorruptDataException">The chunk is invalid or the source ends inside it.</exception>
    /// <exception cref="ArgumentException">A range lies outside the chunk or the destination is too small.</exception>
    public async ValueTask<BloscPartialResult> ReadItemRangesAsync(
        ReadOnlyMemory<ItemRange> ranges, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        long bytesRead = 0;
        int reads = 0;
        BloscChunkLayout layout;
        if (_layout is { } known)
        {
            layout = known;
        }
        else
        {
            (layout, bytesRead, reads) = await ReadLayoutAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_source is IDirectByteRangeSource)
        {
            return ReadItemRanges(layout, ranges.Span, destination.Span, bytesRead, reads);
        }

        Plan plan = MakePlan(layout, ranges.Span, destination.Length);
        if (plan.Pieces.Length == 0)
        {
            return new BloscPartialResult(0, 0, 0, bytesRead, reads);
        }

        if (layout.Header.IsMemcpyed)
        {
            await Task.WhenAll(plan.Reads.Select(read =>
                ReadExactlyAsync(read.ChunkOffset, destination.Slice(read.BufferOffset, read.Length), cancellationToken))).ConfigureAwait(false);
            return new BloscPartialResult(plan.TotalBytes, 0, 0, bytesRead + plan.BytesToRead, reads + plan.Reads.Length);
        }

        byte[] compact = ArrayPool<byte>.Shared.Rent(plan.CompactLength);
        try
        {
            plan.WriteHeaderAndTable(layout, compact);
            await Task.WhenAll(plan.Reads.Select(read =>
                ReadExactlyAsync(read.ChunkOffset, compact.AsMemory(read.BufferOffset, read.Length), cancellationToken))).ConfigureAwait(false);
            return DecodeCompact(layout, plan, compact, destination.Span) with
            {
                BytesRead = bytesRead + plan.BytesToRead,
                ReadCount = reads + plan.Reads.Length,
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compact);
        }
    }

    private unsafe BloscPartialResult DecodeCompact(BloscChunkLayout layout, Plan plan, byte[] compact, Span<byte> destination)
    {
        int decoded, hits;
        fixed (byte* compactPointer = compact)
        fixed (byte* destinationPointer = destination)
        {
            BloscPartialEngine.Decode(
                compactPointer, plan.CompactLength, layout, plan.Starts, plan.Ends, plan.Pieces, destinationPointer, plan.Preloaded, _options,
                _cacheKey, out decoded, out hits);
        }

        return new BloscPartialResult(plan.TotalBytes, decoded, hits, 0, 0);
    }

    private Plan MakePlan(BloscChunkLayout layout, ReadOnlySpan<ItemRange> ranges, int destinationLength)
    {
        BloscPartialEngine.Piece[] pieces = BloscPartialEngine.Plan(layout, ranges, destinationLength, out int total);
        var plan = new Plan { Pieces = pieces, TotalBytes = total };
        if (pieces.Length == 0)
        {
            return plan;
        }

        if (layout.Header.IsMemcpyed)
        {
            // The raw bytes go straight to the destination; pieces that follow each other in both merge.
            var reads = new List<Read>();
            foreach (BloscPartialEngine.Piece piece in pieces.OrderBy(p => p.DestinationOffset))
            {
                long offset = _chunkOffset + BloscHeader.Length + ((long)piece.Block * layout.Header.BlockSize) + piece.OffsetInBlock;
                if (reads.Count > 0 && reads[^1].ChunkOffset + reads[^1].Length == offset && reads[^1].BufferOffset + reads[^1].Length == piece.DestinationOffset)
                {
                    reads[^1] = reads[^1] with { Length = reads[^1].Length + piece.Length };
                }
                else
                {
                    reads.Add(new Read(offset, piece.DestinationOffset, piece.Length));
                }
            }

            plan.Reads = reads.ToArray();
            plan.BytesToRead = reads.Sum(r => (long)r.Length);
            return plan;
        }

        int[] needed = BloscPartialEngine.NeededBlocks(pieces);
        plan.Preloaded = BloscPartialEngine.Preload(layout, needed, _options, _cacheKey);
        int[] toRead = needed.Where(b => plan.Preloaded?[b] is null)
            .OrderBy(b => layout.GetCompressedRange(b).Offset).ToArray();

        int tableEnd = layout.Header.DataOffset;
        plan.Starts = new int[layout.BlockCount];
        plan.Ends = new int[layout.BlockCount];
        var spans = new List<Read>();
        long position = tableEnd;
        int gap = Math.Max(0, _options.MaxCoalesceGap);
        foreach (int block in toRead)
        {
            (int start, int length) = layout.GetCompressedRange(block);
            if (spans.Count > 0 && start - (spans[^1].ChunkOffset + spans[^1].Length) <= gap)
            {
                // Merge: read the gap too, so the block lands right after the previous one's span.
                Read last = spans[^1];
                int grow = start + length - (int)(last.ChunkOffset + last.Length);
                spans[^1] = last with { Length = last.Length + grow };
                position += grow;
            }
            else
            {
                spans.Add(new Read(start, (int)position, length));
                position += length;
            }

            Read span = spans[^1];
            plan.Starts[block] = span.BufferOffset + (start - (int)span.ChunkOffset);
            plan.Ends[block] = plan.Starts[block] + length;
        }

        if (position > int.MaxValue)
        {
            throw new NotSupportedException("The needed blocks exceed 2 GiB.");
        }

        plan.CompactLength = (int)position;
        plan.Reads = spans.Select(s => s with { ChunkOffset = _chunkOffset + s.ChunkOffset }).ToArray();
        plan.BytesToRead = spans.Sum(s => (long)s.Length);
        return plan;
    }

    private BloscChunkLayout ReadLayout(out long bytesRead, out int reads)
    {
        int first = Math.Max(BloscHeader.Length, _options.InitialReadLength);
        byte[] buffer = new byte[first];
        int got = _source.Read(_chunkOffset, buffer);
        bytesRead = got;
        reads = 1;
        BloscHeader header = HeaderFrom(buffer, got);
        long probe = FindProbe(header, got);
        if (probe >= 0)
        {
            Span<byte> last = stackalloc byte[1];
            ProbeResult(header, probe, _source.Read(probe, last));
            bytesRead++;
            reads++;
        }

        int needed = BloscChunkLayout.GetHeaderAndTableLength(header);
        if (needed > got)
        {
            Array.Resize(ref buffer, needed);
            ReadExactly(_chunkOffset + got, buffer.AsSpan(got));
            bytesRead += needed - got;
            reads++;
        }

        return Publish(BloscChunkLayout.Read(buffer.AsSpan(0, needed)));
    }

    private async ValueTask<(BloscChunkLayout Layout, long BytesRead, int Reads)> ReadLayoutAsync(CancellationToken cancellationToken)
    {
        int first = Math.Max(BloscHeader.Length, _options.InitialReadLength);
        byte[] buffer = new byte[first];
        int got = await _source.ReadAsync(_chunkOffset, buffer, cancellationToken).ConfigureAwait(false);
        long bytesRead = got;
        int reads = 1;
        BloscHeader header = HeaderFrom(buffer, got);
        long probe = FindProbe(header, got);
        if (probe >= 0)
        {
            ProbeResult(header, probe, await _source.ReadAsync(probe, new byte[1], cancellationToken).ConfigureAwait(false));
            bytesRead++;
            reads++;
        }

        int needed = BloscChunkLayout.GetHeaderAndTableLength(header);
        if (needed > got)
        {
            Array.Resize(ref buffer, needed);
            await ReadExactlyAsync(_chunkOffset + got, buffer.AsMemory(got), cancellationToken).ConfigureAwait(false);
            bytesRead += needed - got;
            reads++;
        }

        return (Publish(BloscChunkLayout.Read(buffer.AsSpan(0, needed))), bytesRead, reads);
    }

    private BloscHeader HeaderFrom(byte[] buffer, int got)
    {
        if (got < BloscHeader.Length)
        {
            throw new CorruptDataException(
                $"The source holds only {got} bytes at offset {_chunkOffset}, less than a {BloscHeader.Length}-byte Blosc header.");
        }

        return BloscHeader.Read(buffer.AsSpan(0, got));
    }

    /// <summary>
    /// Nothing is sized by the header before the source is known to hold all its cbytes: from the source's length
    /// when it knows it, otherwise by reading the chunk's last byte (the offset this returns; -1 when no read is needed).
    /// </summary>
    private long FindProbe(in BloscHeader header, int got)
    {
        if (got >= header.CompressedLength)
        {
            return -1;
        }

        long end = _chunkOffset + header.CompressedLength;
        if (_source.TryGetLength(out long length))
        {
            return end <= length
                ? -1
                : throw new CorruptDataException(
                    $"The Blosc header at offset {_chunkOffset} records cbytes {header.CompressedLength}, but the source holds only " +
                    $"{Math.Max(0, length - _chunkOffset)} bytes from there (truncated chunk).");
        }

        return end - 1;
    }

    private void ProbeResult(in BloscHeader header, long probe, int got)
    {
        if (got != 1)
        {
            throw new CorruptDataException(
                $"The Blosc header at offset {_chunkOffset} records cbytes {header.CompressedLength}, but the source ends before " +
                $"offset {probe} (truncated chunk).");
        }
    }

    private BloscChunkLayout Publish(BloscChunkLayout layout) => Interlocked.CompareExchange(ref _layout, layout, null) ?? layout;

    private void ReadExactly(long offset, Span<byte> destination)
    {
        int got = _source.Read(offset, destination);
        if (got != destination.Length)
        {
            throw Truncated(offset, destination.Length, got);
        }
    }

    private async Task ReadExactlyAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        int got = await _source.ReadAsync(offset, destination, cancellationToken).ConfigureAwait(false);
        if (got != destination.Length)
        {
            throw Truncated(offset, destination.Length, got);
        }
    }

    private CorruptDataException Truncated(long offset, int wanted, int got) =>
        new($"The source ended inside the Blosc chunk at offset {_chunkOffset}: {wanted} bytes were wanted at offset {offset}, {got} were there (truncated chunk).");

    /// <summary>One read: bytes at <c>ChunkOffset</c> go to <c>BufferOffset</c> of the compact chunk (or the destination).</summary>
    private readonly record struct Read(long ChunkOffset, int BufferOffset, int Length);

    private sealed class Plan
    {
        public BloscPartialEngine.Piece[] Pieces = [];
        public int TotalBytes;
        public Read[] Reads = [];
        public long BytesToRead;
        public int CompactLength;
        public int[] Starts = [];
        public int[] Ends = [];
        public byte[]?[]? Preloaded;

        /// <summary>
        /// The compact chunk's header and table: the original header with cbytes shrunk to the compact length, and a
        /// table whose entries for the blocks read point into the compact data (the others point at the data start and
        /// are never followed).
        /// </summary>
        public void WriteHeaderAndTable(BloscChunkLayout layout, byte[] compact)
        {
            BloscHeader header = layout.Header;
            compact[0] = header.Version;
            compact[1] = header.VersionLz;
            compact[2] = header.Flags;
            compact[3] = (byte)header.TypeSize;
            BinaryPrimitives.WriteInt32LittleEndian(compact.AsSpan(4), header.UncompressedLength);
            BinaryPrimitives.WriteInt32LittleEndian(compact.AsSpan(8), header.BlockSize);
            BinaryPrimitives.WriteInt32LittleEndian(compact.AsSpan(12), CompactLength);
            int tableEnd = header.DataOffset;
            for (int block = 0; block < layout.BlockCount; block++)
            {
                bool read = Ends[block] > Starts[block];
                BinaryPrimitives.WriteInt32LittleEndian(compact.AsSpan(BloscHeader.Length + (block * sizeof(int))), read ? Starts[block] : tableEnd);
            }
        }
    }
}
