using System.IO.MemoryMappedFiles;

namespace NumCodecs.IO;

/// <summary>
/// A read-only memory mapping of a file. Readers decode straight from the mapping (<see cref="TryGetSpan"/>): the
/// operating system pages in only what is touched and no compressed byte is copied.
/// </summary>
public sealed unsafe class MemoryMappedByteRangeSource : IDirectByteRangeSource, IDisposable
{
    /// <summary>Identifies these bytes in decoded-block caches across sources (see <see cref="IByteRangeSource.CacheKey"/>); null for none.</summary>
    public object? CacheKey { get; init; }

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;
    private readonly long _length;
    private int _disposed;

    /// <summary>Maps <paramref name="path"/> for reading.</summary>
    /// <param name="path">The file; it must not be empty.</param>
    /// <exception cref="IOException">The file cannot be mapped.</exception>
    public MemoryMappedByteRangeSource(string path)
    {
        _length = new FileInfo(path).Length;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _start = pointer + _view.PointerOffset;
    }

    /// <summary>Length of the file in bytes.</summary>
    public long Length => _length;

    /// <inheritdoc/>
    public bool TryGetLength(out long length)
    {
        length = Length;
        return true;
    }

    /// <inheritdoc/>
    public int Read(long offset, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= _length)
        {
            return 0;
        }

        int count = (int)Math.Min(destination.Length, _length - offset);
        new ReadOnlySpan<byte>(_start + offset, count).CopyTo(destination);
        return count;
    }

    /// <inheritdoc/>
    public ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(offset, destination.Span));
    }

    /// <inheritdoc/>
    public bool TryGetSpan(long offset, int length, out ReadOnlySpan<byte> span)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (offset < 0 || length < 0 || offset + length > _length)
        {
            span = default;
            return false;
        }

        span = new ReadOnlySpan<byte>(_start + offset, length);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
