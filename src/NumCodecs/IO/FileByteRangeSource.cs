using Microsoft.Win32.SafeHandles;

namespace NumCodecs.IO;

/// <summary>Reads byte ranges of a file with positional reads (<see cref="RandomAccess"/>), safe from many threads.</summary>
public sealed class FileByteRangeSource : IByteRangeSource, IDisposable
{
    /// <summary>Identifies these bytes in decoded-block caches across sources (see <see cref="IByteRangeSource.CacheKey"/>); null for none.</summary>
    public object? CacheKey { get; init; }

    private readonly SafeFileHandle _handle;
    private readonly bool _ownsHandle;

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public FileByteRangeSource(string path)
        : this(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess | FileOptions.Asynchronous), ownsHandle: true)
    {
    }

    /// <summary>Reads through an open handle.</summary>
    /// <param name="handle">A handle opened for reading.</param>
    /// <param name="ownsHandle">Whether <see cref="Dispose"/> closes the handle.</param>
    public FileByteRangeSource(SafeFileHandle handle, bool ownsHandle = false)
    {
        ArgumentNullException.ThrowIfNull(handle);
        _handle = handle;
        _ownsHandle = ownsHandle;
    }

    /// <summary>Length of the file in bytes.</summary>
    public long Length => RandomAccess.GetLength(_handle);

    /// <inheritdoc/>
    public bool TryGetLength(out long length)
    {
        length = Length;
        return true;
    }

    /// <inheritdoc/>
    public int Read(long offset, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = RandomAccess.Read(_handle, destination[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <inheritdoc/>
    public async ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = await RandomAccess.ReadAsync(_handle, destination[total..], offset + total, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHandle)
        {
            _handle.Dispose();
        }
    }
}
