using System.Buffers;
using NumCodecs.IO;

namespace NumCodecs.Zarr.Stores;

/// <summary>
/// A store in a directory: one file per key (the key's segments are subdirectories), read with positional reads, or
/// memory-mapped when asked. Keys are checked (<see cref="StoreKeys"/>) and resolved paths must stay under the root,
/// so no key reads or writes outside it.
/// </summary>
public sealed class DirectoryStore : IZarrStore
{
    private readonly string _root;

    /// <summary>Opens (or, for writing, creates on first write) the store at <paramref name="root"/>.</summary>
    /// <param name="root">The directory.</param>
    /// <param name="readOnly">Whether to refuse writes.</param>
    /// <param name="memoryMap">Whether <see cref="OpenRange"/> memory-maps chunk files (decoded in place) rather than reading them by range.</param>
    public DirectoryStore(string root, bool readOnly = false, bool memoryMap = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
        IsReadOnly = readOnly;
        MemoryMap = memoryMap;
    }

    /// <summary>The directory's full path.</summary>
    public string Root => _root;

    /// <inheritdoc/>
    public bool IsReadOnly { get; }

    /// <summary>Whether <see cref="OpenRange"/> memory-maps files.</summary>
    public bool MemoryMap { get; }

    /// <inheritdoc/>
    public byte[]? Read(string key)
    {
        string path = PathOf(key);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (IsMissing(e, path))
        {
            return null; // no file under the key (a directory there is no value either)
        }
    }

    /// <inheritdoc/>
    /// <remarks>The file is read with positional reads into a buffer rented from <see cref="ArrayPool{T}.Shared"/>.</remarks>
    public IMemoryOwner<byte>? ReadPooled(string key)
    {
        string path = PathOf(key);
        FileByteRangeSource opened;
        try
        {
            opened = new FileByteRangeSource(path);
        }
        catch (Exception e) when (IsMissing(e, path))
        {
            return null;
        }

        using FileByteRangeSource file = opened;
        long length = file.Length;
        if (length > Array.MaxLength)
        {
            throw new IOException($"The file under '{key}' has {length} bytes, more than one buffer holds.");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            // Fewer bytes than the length only if the file shrank under us: its value is then what it now holds.
            return new ArrayOwner(buffer, file.Read(0, buffer.AsSpan(0, (int)length)), rented: true);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsMissing(e, path))
        {
            return null;
        }
    }

    /// <summary>Whether a read failed because no file is under the key (a directory there is no value either).</summary>
    private static bool IsMissing(Exception e, string path) =>
        e is FileNotFoundException or DirectoryNotFoundException || (e is UnauthorizedAccessException && Directory.Exists(path));

    /// <inheritdoc/>
    /// <remarks>The source holds the file open; dispose it (it is <see cref="IDisposable"/>) when done.</remarks>
    public IByteRangeSource? OpenRange(string key)
    {
        string path = PathOf(key);
        try
        {
            // The file's identity for caches: a rewrite (atomic, by rename) changes its time or length.
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            object cacheKey = (_root, key, info.Length, info.LastWriteTimeUtc.Ticks);
            if (MemoryMap && info.Length > 0)
            {
                return new MemoryMappedByteRangeSource(path) { CacheKey = cacheKey };
            }

            return new FileByteRangeSource(path) { CacheKey = cacheKey };
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public IEnumerable<string> List(string prefix = "")
    {
        if (!Directory.Exists(_root))
        {
            return [];
        }

        return Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal) && StoreKeys.TryValidate(key, out _))
            .ToArray();
    }

    /// <inheritdoc/>
    public void Write(string key, ReadOnlySpan<byte> value)
    {
        string path = WritablePath(key);
        string temporary = path + ".partial-" + Guid.NewGuid().ToString("N");
        using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(value);
        }

        File.Move(temporary, path, overwrite: true); // readers see the old value or the new one, never half of one
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        string path = WritablePath(key);
        string temporary = path + ".partial-" + Guid.NewGuid().ToString("N");
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await file.WriteAsync(value, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <inheritdoc/>
    public bool Delete(string key)
    {
        if (IsReadOnly)
        {
            throw new NotSupportedException($"The store at {_root} is read-only.");
        }

        string path = PathOf(key);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    private string WritablePath(string key)
    {
        if (IsReadOnly)
        {
            throw new NotSupportedException($"The store at {_root} is read-only.");
        }

        string path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private string PathOf(string key)
    {
        StoreKeys.Validate(key);
        string path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        string rootWithSeparator = _root.EndsWith(Path.DirectorySeparatorChar) ? _root : _root + Path.DirectorySeparatorChar;
        if (!path.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The key '{key}' resolves outside the store at {_root}.", nameof(key));
        }

        return path;
    }
}
