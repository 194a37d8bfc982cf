namespace NumCodecs;

/// <summary>The base of every exception NumCodecs throws for bad configs or bad data.</summary>
public class NumCodecsException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public NumCodecsException()
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong.</param>
    public NumCodecsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public NumCodecsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A codec config (the JSON object numcodecs' <c>get_config()</c> returns) is invalid: a key has a value of the wrong
/// type or out of range, a required key is missing, or a key is unknown.
/// </summary>
public class CodecConfigException : NumCodecsException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public CodecConfigException()
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong.</param>
    public CodecConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public CodecConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception about one key of a config.</summary>
    /// <param name="key">The config key that is wrong.</param>
    /// <param name="message">What is wrong; the key is named in it.</param>
    public CodecConfigException(string key, string message)
        : base(message)
    {
        Key = key;
    }

    /// <summary>Creates an exception about one key of a config, with its cause.</summary>
    /// <param name="key">The config key that is wrong.</param>
    /// <param name="message">What is wrong; the key is named in it.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public CodecConfigException(string key, string message, Exception innerException)
        : base(message, innerException)
    {
        Key = key;
    }

    /// <summary>The config key that is wrong, or <see langword="null"/> when the config as a whole is.</summary>
    public string? Key { get; }
}

/// <summary>A config names a codec id that no factory is registered for.</summary>
public sealed class UnknownCodecException : CodecConfigException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public UnknownCodecException()
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong.</param>
    public UnknownCodecException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public UnknownCodecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception naming the unknown id and the registered ones.</summary>
    /// <param name="codecId">The id that is not registered.</param>
    /// <param name="registered">The ids that are.</param>
    public UnknownCodecException(string codecId, IEnumerable<string> registered)
        : base("id", $"Unknown codec id '{codecId}'; registered ids: {string.Join(", ", registered)}.")
    {
        CodecId = codecId;
    }

    private UnknownCodecException(string key, string message, string codecId)
        : base(key, message) => CodecId = codecId;

    /// <summary>An exception naming an unknown Zarr v3 codec name and the registered ones.</summary>
    /// <param name="name">The name that is not registered.</param>
    /// <param name="registered">The names that are.</param>
    /// <returns>The exception, its <see cref="CodecConfigException.Key"/> <c>name</c>.</returns>
    public static UnknownCodecException ForV3Name(string name, IEnumerable<string> registered) =>
        new("name", $"Unknown Zarr v3 codec name '{name}'; registered names: {string.Join(", ", registered)}, and numcodecs.<id> for every registered id.", name);

    /// <summary>The id (or v3 name) that no factory is registered for.</summary>
    public string? CodecId { get; }
}

/// <summary>
/// Encoded data cannot be decoded: it is truncated, its header or block structure is inconsistent, or the native
/// decoder rejected it. The message says what was found.
/// </summary>
public class CorruptDataException : NumCodecsException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public CorruptDataException()
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong.</param>
    public CorruptDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public CorruptDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Decoding would produce more than <see cref="Codec.MaxDecodedLength"/> bytes (a guard against decompression bombs
/// in the overloads that allocate their output).
/// </summary>
public sealed class DecodedLengthLimitException : NumCodecsException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public DecodedLengthLimitException()
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong.</param>
    public DecodedLengthLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public DecodedLengthLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
