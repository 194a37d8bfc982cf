namespace NumCodecs.Fuzz;

/// <summary>
/// A destination span of a chosen length at the start of a larger array whose tail holds guard bytes: a call that
/// writes past the span changes them. The span itself starts out filled with the same sentinel.
/// </summary>
internal sealed class Guarded
{
    public const int GuardLength = 64; // bytes after the destination
    private const byte Sentinel = 0xA5;

    private byte[] _buffer = [];

    public int Length { get; private set; }

    public Span<byte> Span => _buffer.AsSpan(0, Length);

    public ReadOnlySpan<byte> Written(int count) => _buffer.AsSpan(0, count);

    /// <summary>Makes the destination <paramref name="length"/> bytes long, reusing the array when it is big enough.</summary>
    public Guarded Reset(int length)
    {
        if (_buffer.Length < length + GuardLength)
        {
            _buffer = new byte[length + GuardLength];
        }

        Length = length;
        _buffer.AsSpan(0, length + GuardLength).Fill(Sentinel);
        return this;
    }

    /// <summary>Throws a finding when a guard byte changed.</summary>
    public void CheckGuard(string call)
    {
        ReadOnlySpan<byte> guard = _buffer.AsSpan(Length, GuardLength);
        int changed = guard.IndexOfAnyExcept(Sentinel);
        if (changed >= 0)
        {
            throw new FindingException(
                $"{call} wrote past its {Length}-byte destination: guard byte {changed} (offset {Length + changed}) is 0x{guard[changed]:X2}, not 0x{Sentinel:X2}.");
        }
    }
}
