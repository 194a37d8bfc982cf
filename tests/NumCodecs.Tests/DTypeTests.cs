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

    // The Zarr v3 core data types (zarr-specs, v3 core, "Data types") and the numpy dtypes they stand for.
    [Theory]
    [InlineData("bool", "|b1")]
    [InlineData("int8", "|i1")]
    [InlineData("int16", "<i2")]
    [InlineData("int32", "<i4")]
    [InlineData("int64", "<i8")]
    [InlineData("uint8", "|u1")]
    [InlineData("uint16", "<u2")]
    [InlineData("uint32", "<u4")]
    [InlineData("uint64", "<u8")]
    [InlineData("float16", "<f2")]
    [InlineData("float32", "<f4")]
    [InlineData("float64", "<f8")]
    [InlineData("complex64", "<c8")]
    [InlineData("complex128", "<c16")]
    [InlineData("r8", "|V1")]
    [InlineData("r48", "|V6")]
    public void MapsZarrV3NamesToTheSameModel(string name, string typestr)
    {
        DType dtype = DType.ParseZarrV3(name);

        Assert.Equal(DType.Parse(typestr), dtype);
        Assert.Equal(name, dtype.ZarrV3Name);
        Assert.Equal(name, DType.Parse(typestr).WithByteOrder(DTypeByteOrder.BigEndian).ZarrV3Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("r")]
    [InlineData("r0")]
    [InlineData("r12")]
    [InlineData("r-8")]
    [InlineData("int128")]
    [InlineData("float128")]
    [InlineData("Float32")]
    [InlineData("<f4")]
    [InlineData("string")]
    public void RefusesWhatIsNotAZarrV3CoreDataType(string name)
    {
        Assert.False(DType.TryParseZarrV3(name, out _));
        Assert.Contains("Zarr v3 data type", Assert.Throws<FormatException>(() => DType.ParseZarrV3(name)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<U4")]
    [InlineData("|S3")]
    [InlineData("|O")]
    [InlineData("<M8[ns]")]
    [InlineData("<f16")]
    public void HasNoZarrV3NameForWhatTheCoreLacks(string typestr) => Assert.Null(DType.Parse(typestr).ZarrV3Name);

    [Fact]
    public void ChangesByteOrderWhereItMatters()
    {
        Assert.Equal(DType.Parse(">f8"), DType.Parse("<f8").WithByteOrder(DTypeByteOrder.BigEndian));
        Assert.Equal(DType.Parse("<M8[ns]"), DType.Parse(">M8[ns]").WithByteOrder(DTypeByteOrder.LittleEndian));
        Assert.Equal(DType.Parse("|u1"), DType.Parse("|u1").WithByteOrder(DTypeByteOrder.BigEndian));
        Assert.Equal(DType.Parse("|V8"), DType.Parse("|V8").WithByteOrder(DTypeByteOrder.LittleEndian));
        Assert.Throws<ArgumentException>(() => DType.Parse("<i4").WithByteOrder(DTypeByteOrder.NotApplicable));
    }
}
