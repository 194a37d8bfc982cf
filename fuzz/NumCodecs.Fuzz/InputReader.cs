namespace NumCodecs.Fuzz;

/// <summary>Takes the control bytes off the front of a fuzz input; what is left is the data. Past the end it reads zeros.</summary>
internal sealed class InputReader
{
    private readonly byte[] _input;
    private int _position;

    public InputReader(byte[] input) => _input = input;

    public byte Byte() => _position < _input.Length ? _input[_position++] : (byte)0;

    public ushort UInt16() => (ushort)(Byte() | (Byte() << 8));

    public int Int32() => Byte() | (Byte() << 8) | (Byte() << 16) | (Byte() << 24);

    /// <summary>An index into a table of <paramref name="count"/> entries.</summary>
    public int Choose(int count) => Byte() % count;

    /// <summary>The rest of the input, as its own array (a library call may keep no reference to the input).</summary>
    public byte[] Rest() => _position >= _input.Length ? [] : _input[_position..];
}
