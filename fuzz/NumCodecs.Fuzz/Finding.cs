namespace NumCodecs.Fuzz;

/// <summary>
/// A finding: behaviour the library's contract rules out (an undocumented exception, overloads that disagree, a write
/// past a destination, an allocation bomb). Escaping a target, it makes the fuzzer record the input as a crash.
/// </summary>
internal sealed class FindingException : Exception
{
    public FindingException()
    {
    }

    public FindingException(string message)
        : base(message)
    {
    }

    public FindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
