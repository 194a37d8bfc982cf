namespace NumCodecs.Zarr.Stores;

/// <summary>
/// Zarr store keys: '/'-separated segments, none empty, none <c>.</c> or <c>..</c>, no backslash or NUL, no leading
/// '/'. Checked before any store touches a file, so that no key (from metadata, a caller or a server) reaches outside
/// the store's root.
/// </summary>
public static class StoreKeys
{
    /// <summary>Throws unless <paramref name="key"/> is a valid store key.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="ArgumentException">The key is empty, absolute, or has an empty, <c>.</c> or <c>..</c> segment, a backslash, a NUL or a control character.</exception>
    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!TryValidate(key, out string? problem))
        {
            throw new ArgumentException($"'{key}' is not a valid store key: {problem}.", nameof(key));
        }
    }

    /// <summary>Whether <paramref name="key"/> is a valid store key, and if not why.</summary>
    /// <param name="key">The key.</param>
    /// <param name="problem">What is wrong, when it is not.</param>
    /// <returns><see langword="true"/> for a valid key.</returns>
    public static bool TryValidate(string key, out string? problem)
    {
        problem = key.Length == 0 ? "it is empty"
            : key[0] == '/' ? "it starts with '/'"
            : key.Contains('\\', StringComparison.Ordinal) ? "it holds a backslash"
            : key.Any(char.IsControl) ? "it holds a control character"
            : key.Split('/').Any(segment => segment is "" or "." or "..") ? "it has an empty, '.' or '..' segment"
            : key.Contains(':', StringComparison.Ordinal) && OperatingSystem.IsWindows() ? "it holds ':'"
            : null;
        return problem is null;
    }

    /// <summary>Joins a path (possibly empty) and a name with '/'.</summary>
    /// <param name="path">An array's or group's path, or empty for the root.</param>
    /// <param name="name">The rest of the key.</param>
    /// <returns>The key.</returns>
    public static string Join(string path, string name) => path.Length == 0 ? name : path.TrimEnd('/') + "/" + name;
}
