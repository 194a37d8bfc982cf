using NumCodecs.Blosc;
using NumCodecs.IO;
using NumCodecs.Pipeline;

namespace NumCodecs;

/// <summary>
/// The decoded bytes of a Blosc chunk as a byte-range source: each batch of ranges reads the header and block table
/// (once per source) and then only the blocks that hold the ranges, through <see cref="BloscChunkReader"/>.
/// </summary>
internal sealed class BloscBytesSource : IBatchByteRangeSource
{
    private readonly BloscChunkReader _reader;
    private readonly WholeBytesPartialDecoder _whole; // for chunks that blocks of whole items cannot address

    public BloscBytesSource(BloscCodec codec, IByteRangeSource input, ChunkSpec decoded, PartialDecodeOptions options)
    {
        _reader = new BloscChunkReader(input, 0, options.Blosc, input.CacheKey);
        _whole = new WholeBytesPartialDecoder(codec, input, decoded, options);
    }

    public bool TryGetLength(out long length)
    {
        length = _reader.GetLayout().Header.UncompressedLength;
        return true;
    }

    public async ValueTask<long> GetLengthAsync(CancellationToken cancellationToken) =>
        (await _reader.GetLayoutAsync(cancellationToken).ConfigureAwait(false)).Header.UncompressedLength;

    public int Read(long offset, Span<byte> destination)
    {
        int count = Clip(offset, destination.Length);
        if (count > 0)
        {
            ReadRanges([new ByteRange(offset, count)], destination[..count]);
        }

        return count;
    }

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        await _reader.GetLayoutAsync(cancellationToken).ConfigureAwait(false);
        int count = Clip(offset, destination.Length);
        if (count > 0)
        {
            await ReadRangesAsync([new ByteRange(offset, count)], destination[..count], cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    public void ReadRanges(ByteRange[] ranges, Span<byte> destination)
    {
        BloscChunkLayout layout = _reader.GetLayout();
        BloscHeader header = layout.Header;
        if (!layout.SupportsItemAccess)
        {
            CopyFromWhole(ranges, destination);
            return;
        }

        ItemRange[] items = ToItems(header, ranges, out int expandedLength);
        if (expandedLength < 0)
        {
            _reader.ReadItemRanges(items, destination);
            return;
        }

        var expanded = GC.AllocateUninitializedArray<byte>(expandedLength);
        _reader.ReadItemRanges(items, expanded);
        CopyBack(header, ranges, items, expanded, destination);
    }

    public async ValueTask ReadRangesAsync(ByteRange[] ranges, Memory<byte> destination, CancellationToken cancellationToken)
    {
        BloscChunkLayout layout = await _reader.GetLayoutAsync(cancellationToken).ConfigureAwait(false);
        BloscHeader header = layout.Header;
        if (!layout.SupportsItemAccess)
        {
            await _whole.ReadAsync(0, Memory<byte>.Empty, cancellationToken).ConfigureAwait(false); // decodes once, asynchronously
            CopyFromWhole(ranges, destination.Span);
            return;
        }

        ItemRange[] items = ToItems(header, ranges, out int expandedLength);
        if (expandedLength < 0)
        {
            await _reader.ReadItemRangesAsync(items, destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        var expanded = GC.AllocateUninitializedArray<byte>(expandedLength);
        await _reader.ReadItemRangesAsync(items, expanded, cancellationToken).ConfigureAwait(false);
        CopyBack(header, ranges, items, expanded, destination.Span);
    }

    private int Clip(long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        long total = _reader.GetLayout().Header.UncompressedLength;
        return offset >= total ? 0 : (int)Math.Min(length, total - offset);
    }

    /// <summary>
    /// The item ranges covering the byte ranges. <paramref name="expandedLength"/> is -1 when every range falls on
    /// item boundaries (the items are the bytes); otherwise the bytes of the covering items, which are decoded aside.
    /// </summary>
    private static ItemRange[] ToItems(BloscHeader header, ByteRange[] ranges, out int expandedLength)
    {
        int typeSize = header.TypeSize;
        long total = header.UncompressedLength;
        var items = new ItemRange[ranges.Length];
        bool aligned = true;
        long expanded = 0;
        for (int i = 0; i < ranges.Length; i++)
        {
            ByteRange range = ranges[i];
            if (range.Offset < 0 || range.End > total)
            {
                throw new CorruptDataException(
                    $"The Blosc chunk holds {total} decoded bytes; bytes {range.Offset} to {range.End} were asked of it.");
            }

            long first = range.Offset / typeSize;
            long last = (range.End + typeSize - 1) / typeSize;
            items[i] = new ItemRange((int)first, (int)(last - first));
            aligned &= range.Offset % typeSize == 0 && range.Length % typeSize == 0;
            expanded += (last - first) * header.TypeSize;
        }

        expandedLength = aligned ? -1 : (int)expanded;
        return items;
    }

    private void CopyFromWhole(ByteRange[] ranges, Span<byte> destination)
    {
        int at = 0;
        foreach (ByteRange range in ranges)
        {
            if (ByteRanges.ReadFully(_whole, range.Offset, destination.Slice(at, range.Length)) != range.Length)
            {
                throw new CorruptDataException($"The Blosc chunk ends before byte {range.End} asked of it.");
            }

            at += range.Length;
        }
    }

    private static void CopyBack(BloscHeader header, ByteRange[] ranges, ItemRange[] items, byte[] expanded, Span<byte> destination)
    {
        int typeSize = header.TypeSize;
        int at = 0;
        int source = 0;
        for (int i = 0; i < ranges.Length; i++)
        {
            int skip = (int)(ranges[i].Offset - ((long)items[i].Start * typeSize));
            expanded.AsSpan(source + skip, ranges[i].Length).CopyTo(destination[at..]);
            at += ranges[i].Length;
            source += items[i].Count * typeSize;
        }
    }
}
