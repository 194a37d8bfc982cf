namespace NumCodecs.Fuzz;

/// <summary>What one library call gave: a value, or an exception the contract allows there.</summary>
internal readonly struct Outcome<T>
{
    public Outcome(T value)
    {
        Value = value;
        Error = null;
    }

    public Outcome(Exception error)
    {
        Value = default;
        Error = error;
    }

    public T? Value { get; }

    public Exception? Error { get; }

    public bool Ok => Error is null;

    public override string ToString() => Ok ? "success" : $"{Error!.GetType().Name} ({Error.Message})";
}

/// <summary>Exceptions a call may throw besides <see cref="NumCodecsException"/>, where its docs say so.</summary>
[Flags]
internal enum Allow
{
    /// <summary>Only <see cref="NumCodecsException"/> and its subclasses.</summary>
    None = 0,

    /// <summary><see cref="ArgumentException"/> and its subclasses (a destination too small, a range outside, items refused).</summary>
    Argument = 1,

    /// <summary><see cref="NotSupportedException"/>.</summary>
    NotSupported = 2,
}
