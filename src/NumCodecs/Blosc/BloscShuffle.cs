namespace NumCodecs.Blosc;

/// <summary>Blosc's shuffle filter, with numcodecs' values (<c>shuffle</c> in a Blosc config).</summary>
public enum BloscShuffle
{
    /// <summary>AUTOSHUFFLE (-1): bit-shuffle for 1-byte items, byte-shuffle otherwise; decided at each encode.</summary>
    AutoShuffle = -1,

    /// <summary>NOSHUFFLE (0).</summary>
    NoShuffle = 0,

    /// <summary>SHUFFLE (1): byte-shuffle.</summary>
    Shuffle = 1,

    /// <summary>BITSHUFFLE (2): bit-shuffle.</summary>
    BitShuffle = 2,
}
