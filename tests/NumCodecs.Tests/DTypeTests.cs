namespace NumCodecs.Tests;

public sealed class DTypeTests
{
    // Inputs, numpy's canonical dtype.str and dtype.itemsize for them (numpy 1.24, Debian bookworm).
    [Theory]
    [InlineData("<i4", "<i4", 4, DTypeKind.SignedInteger, DTypeByteOrder.LittleEndian)]
    [InlineData(">f8", ">f8", 8, DTypeKind.FloatingPoint, DTypeByteOrder.BigEndian)]
    [InlineData("|u1", "|u1", 1, DTypeKind.UnsignedInteger, DTypeByteOrder.NotApplicable)]
    [InlineData("<u1", "|u1", 1, DTypeKind.UnsignedInteger, DTypeByteOrder.NotApplicable)]
    [InlineData("|b1", "|b1", 1, DTypeKind.Boolean, DTypeByteOrder.NotApplicable)]
    [InlineData("<U8", "<U8", 32, DTypeKind.Unicode, DTypeByteOrder.LittleEndian)]
    [InlineData("|S5", "|S5", 5, DTypeKind.Bytes, DTypeByteOrder.NotApplicable)]
    [InlineData("|O", "|O", 8, DTypeKind.PythonObject, DTypeByteOrder.NotApplicable)]
    [InlineData("<M8[ns]", "<M8[ns]", 8, DTypeKind.DateTime, DTypeByteOrder.LittleEndian)]
    [InlineData(">m8[D]", ">m8[D]", 8, DTypeKind.TimeDelta, DTypeByteOrder.BigEndian)]
    [InlineData("<c16", "<c16", 16, DTypeKind.Complex, DTypeByteOrder.LittleEndian)]
    [InlineData("<f2", "<f2", 2, DTypeKind.FloatingPoint, DTypeByteOrder.LittleEndian)]
    [InlineData("=i2", "<i2", 2, DTypeKind.SignedInteger, DTypeByteOrder.LittleEndian)] // on a little-endian machine
    [InlineData("|V16", "|V16", 16, DTypeKind.Void, DTypeByteOrder.NotApplicable)]
    [InlineData(">u2", ">u2", 2, DTypeKind.UnsignedInteger, DTypeByteOrder.BigEndian)]
    [InlineData("|f4", "<f4", 4, DTypeKind.FloatingPoint, DTypeByteOrder.LittleEndian)] // numpy reads '|' as native
    [InlineData("|U2", "<U2", 8, DTypeKind.Unicode, DTypeByteOrder.LittleEndian)]
    public void ParsesLikeNumpy(string input, string canonical, int itemSize, DTypeKind kind, DTypeByteOrder order)
    {
        Assert.True(BitConverter.IsLittleEndian, "the expectations for '=' assume a little-endian machine");
        DType dtype = DType.Parse(input);

        Assert.Equal(canonical, dtype.ToString());
        Assert.Equal(itemSize, dtype.ItemSize);
        Assert.Equal(kind, dtype.Kind);
        Assert.Equal(order, dtype.ByteOrder);
        Assert.Equal(dtype, DType.Parse(dtype.ToString()));
    }

    [Fact]
    public void KnowsForeignByteOrder()
    {
        Assert.True(DType.Parse(">f8").IsForeignByteOrder);
        Assert.False(DType.Parse("<f8").IsForeignByteOrder);
        Assert.False(DType.Parse("|u1").IsForeignByteOrder);
        Assert.Equal("ns", DType.Parse("<M8[ns]").Unit);
    }

    [Theory]
    [InlineData("")]
    [InlineData("f4x")]
    [InlineData("<f3")]
    [InlineData("<i16")]
    [InlineData("<b2")]
    [InlineData("<f4[ns]")]
    [InlineData("<M4")]
    [InlineData("<u99999999999")]
    public void RejectsWhatNumpyRejects(string input)
    {
        var error = Assert.Throws<FormatException>(() => DType.Parse(input));
        Assert.Contains($"'{input}'", error.Message, StringComparison.Ordinal);
        Assert.False(DType.TryParse(input, out _));
    }

    [Theory]
    [InlineData("float32")]
    [InlineData("<S")]
    public void TakesOnlySizedTypeStrings(string input)
    {
        // numpy also accepts names ("float32") and flexible sizeless types ("<S" is S0), which Zarr v2 metadata and
        // numcodecs configs never hold; asking for the type string keeps metadata unambiguous.
        Assert.Throws<FormatException>(() => DType.Parse(input));
    }
}
