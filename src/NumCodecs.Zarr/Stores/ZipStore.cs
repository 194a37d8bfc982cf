using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NumCodecs.IO;

namespace NumCodecs.Zarr.Stores;

/// <summary>
/// A read-only store in a zip file, as zarr-python's <c>ZipStore</c> writes it: stored entries (zarr-python's default)
/// are read by byte range straight from the file, deflated entries are inflated whole. The central directory is read
/// once, ZIP64 included; every entry's extent is checked against the file before it is trusted.
/// </summary>
public sealed class ZipStore : IZarrStore, IDisposable
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint Zip64EndOfCentralDirectory = 0x06064b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint CentralHeader = 0x02014b50;
    private const uint LocalHeader = 0x04034b50;
    private const int LocalHeaderLength = 30; // bytes before the name in a local file header
    private const ushort Stored = 0;
    private const ushort Deflated = 8;

    private readonly FileByteRangeSource _file;
    private readonly long _length;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Opens the zip file at <paramref name="path"/>.</summary>
    /// <param name="path">The zip file.</param>
    /// <exception cref="ZarrFormatException">The file is not a zip file this store reads (no end record, a bad directory, an encrypted or otherwise compressed entry).</exception>
    public ZipStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _file = new FileByteRangeSource(Path);
        try
        {
            _file.TryGetLength(out _length);
            ReadDirectory();
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <summary>The zip file's full path.</summary>
    public string Path { get; }

    /// <summary>Always <see langword="true"/>.</summary>
    public bool IsReadOnly => true;

    /// <inheritdoc/>
    public byte[]? Read(string key)
    {
        StoreKeys.Validate(key);
        if (!_entries.TryGetValue(key, out Entry entry))
        {
            return null;
        }

        long dataOffset = DataOffset(key, entry);
        byte[] stored = new byte[entry.CompressedSize];
        if (ReadFully(dataOffset, stored) != stored.Length)
        {
            throw new ZarrFormatException($"The zip entry '{key}' runs past the end of {Path}.");
        }

        if (entry.Method == Stored)
        {
            return stored;
        }

        // Inflated into a buffer that grows with what the data gives, up to the size the directory records: a
        // directory claiming more than the data holds costs nothing before the inflater runs dry.
        try
        {
            using var inflater = new DeflateStream(new MemoryStream(stored), CompressionMode.Decompress);
            using var value = new MemoryStream();
            byte[] piece = new byte[64 * 1024];
            int read;
            while ((read = inflater.Read(piece, 0, (int)Math.Min(piece.Length, entry.UncompressedSize + 1 - value.Length))) > 0)
            {
                value.Write(piece, 0, read);
                if (value.Length > entry.UncompressedSize)
                {
                    break;
                }
            }

            if (value.Length != entry.UncompressedSize)
            {
                throw new ZarrFormatException($"The zip entry '{key}' does not inflate to the {entry.UncompressedSize} bytes its directory records.");
            }

            return value.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new ZarrFormatException($"The zip entry '{key}' of {Path} is not valid deflate data: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(key));
    }

    /// <inheritdoc/>
    /// <remarks>Stored entries are read by range from the file; deflated ones are inflated whole, once.</remarks>
    public IByteRangeSource? OpenRange(string key)
    {
        StoreKeys.Validate(key);
        if (!_entries.TryGetValue(key, out Entry entry))
        {
            return null;
        }

        if (entry.Method != Stored)
        {
            return new MemoryByteRangeSource(Read(key)) { CacheKey = (Path, key) };
        }

        return new EntrySource(_file, DataOffset(key, entry), entry.CompressedSize, (Path, key));
    }

    /// <inheritdoc/>
    public IEnumerable<string> List(string prefix = "") =>
        _entries.Keys.Where(key => key.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    /// <inheritdoc/>
    public void Write(string key, ReadOnlySpan<byte> value) => throw ReadOnly();

    /// <inheritdoc/>
    public ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) => throw ReadOnly();

    /// <inheritdoc/>
    public bool Delete(string key) => throw ReadOnly();

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();

    private NotSupportedException ReadOnly() => new($"The zip store {Path} is read-only.");

    private int ReadFully(long offset, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = _file.Read(offset + total, destination[total..]);
            if (read <= 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Where an entry's data starts: after its local header, whose name and extra lengths may differ from the directory's.</summary>
    private long DataOffset(string key, Entry entry)
    {
        Span<byte> header = stackalloc byte[LocalHeaderLength];
        if (ReadFully(entry.LocalHeaderOffset, header) != LocalHeaderLength || BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalHeader)
        {
            throw new ZarrFormatException($"The zip entry '{key}' has no local header at offset {entry.LocalHeaderOffset} of {Path}.");
        }

        long dataOffset = entry.LocalHeaderOffset + LocalHeaderLength + BinaryPrimitives.ReadUInt16LittleEndian(header[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        if (dataOffset + entry.CompressedSize > _length)
        {
            throw new ZarrFormatException($"The zip entry '{key}' ({entry.CompressedSize} bytes at {dataOffset}) runs past the end of {Path} ({_length} bytes).");
        }

        return dataOffset;
    }

    private void ReadDirectory()
    {
        // The end record is in the last 22 + 65,535 bytes (its comment is at most that long).
        int tailLength = (int)Math.Min(_length, 22 + ushort.MaxValue);
        byte[] tail = new byte[tailLength];
        ReadFully(_length - tailLength, tail);
        int end = -1;
        for (int i = tailLength - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfCentralDirectory)
            {
                end = i;
                break;
            }
        }

        if (end < 0)
        {
            throw new ZarrFormatException($"{Path} is not a zip file: it has no end of central directory record.");
        }

        long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
        if (count == ushort.MaxValue || directoryOffset == uint.MaxValue || directorySize == uint.MaxValue)
        {
            (count, directorySize, directoryOffset) = ReadZip64End(tail, end);
        }

        if (directoryOffset < 0 || directorySize < 0 || directoryOffset + directorySize > _length || directorySize > Array.MaxLength || count > directorySize / 46)
        {
            throw new ZarrFormatException($"{Path}: the central directory ({count} entries, {directorySize} bytes at {directoryOffset}) does not fit the file.");
        }

        byte[] directory = new byte[directorySize];
        ReadFully(directoryOffset, directory);
        int at = 0;
        for (long n = 0; n < count; n++)
        {
            if (at + 46 > directory.Length || BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(at)) != CentralHeader)
            {
                throw new ZarrFormatException($"{Path}: central directory entry {n} is malformed.");
            }

            ReadOnlySpan<byte> record = directory.AsSpan(at);
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(record[8..]);
            ushort method = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(record[20..]);
            long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(record[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(record[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(record[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(record[32..]);
            long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(record[42..]);
            if (at + 46 + nameLength + extraLength + commentLength > directory.Length)
            {
                throw new ZarrFormatException($"{Path}: central directory entry {n} runs past the directory.");
            }

            string name = ((flags & 0x800) != 0 ? Encoding.UTF8 : Encoding.Latin1).GetString(record.Slice(46, nameLength));
            ReadZip64Extra(record.Slice(46 + nameLength, extraLength), ref uncompressed, ref compressed, ref localOffset);
            at += 46 + nameLength + extraLength + commentLength;
            if (name.EndsWith('/'))
            {
                continue; // a directory entry
            }

            if ((flags & 0x1) != 0 || method is not (Stored or Deflated))
            {
                throw new ZarrFormatException($"{Path}: entry '{name}' is {((flags & 1) != 0 ? "encrypted" : $"compressed with method {method}")}; only stored and deflated entries are read.");
            }

            if (compressed > Array.MaxLength || uncompressed > Array.MaxLength || localOffset >= _length || (method == Stored && compressed != uncompressed) ||
                (method == Deflated && uncompressed > (compressed * 1032) + 1024))
            {
                throw new ZarrFormatException($"{Path}: entry '{name}' records sizes ({compressed} stored, {uncompressed} decoded, at {localOffset}) the file cannot hold.");
            }

            if (StoreKeys.TryValidate(name, out _))
            {
                _entries[name] = new Entry(method, compressed, uncompressed, localOffset);
            }
        }
    }

    private (long Count, long Size, long Offset) ReadZip64End(byte[] tail, int end)
    {
        int locator = end - 20;
        if (locator < 0 || BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(locator)) != Zip64Locator)
        {
            throw new ZarrFormatException($"{Path}: a ZIP64 directory without its locator.");
        }

        long recordOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(locator + 8));
        byte[] record = new byte[56];
        if (recordOffset < 0 || ReadFully(recordOffset, record) != record.Length || BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndOfCentralDirectory)
        {
            throw new ZarrFormatException($"{Path}: the ZIP64 end record is not where its locator says.");
        }

        return ((long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32)), (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40)), (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48)));
    }

    private static void ReadZip64Extra(ReadOnlySpan<byte> extra, ref long uncompressed, ref long compressed, ref long localOffset)
    {
        while (extra.Length >= 4)
        {
            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (size > extra.Length - 4)
            {
                return;
            }

            if (id == 0x0001)
            {
                // Only the fields whose 32-bit values are saturated appear, in this order.
                ReadOnlySpan<byte> fields = extra.Slice(4, size);
                if (uncompressed == uint.MaxValue && fields.Length >= 8)
                {
                    uncompressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(fields);
                    fields = fields[8..];
                }

                if (compressed == uint.MaxValue && fields.Length >= 8)
                {
                    compressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(fields);
                    fields = fields[8..];
                }

                if (localOffset == uint.MaxValue && fields.Length >= 8)
                {
                    localOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(fields);
                }

                return;
            }

            extra = extra[(4 + size)..];
        }
    }

    private readonly record struct Entry(ushort Method, long CompressedSize, long UncompressedSize, long LocalHeaderOffset);

    /// <summary>A stored entry's bytes within the zip file, read by positional reads.</summary>
    private sealed class EntrySource(FileByteRangeSource file, long offset, long length, object cacheKey) : IByteRangeSource
    {
        public object? CacheKey => cacheKey;

        public bool TryGetLength(out long value)
        {
            value = length;
            return true;
        }

        public int Read(long position, Span<byte> destination)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(position);
            if (position >= length)
            {
                return 0;
            }

            return file.Read(offset + position, destination[..(int)Math.Min(destination.Length, length - position)]);
        }

        public ValueTask<int> ReadAsync(long position, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(position);
            if (position >= length)
            {
                return ValueTask.FromResult(0);
            }

            return file.ReadAsync(offset + position, destination[..(int)Math.Min(destination.Length, length - position)], cancellationToken);
        }
    }
}
