namespace NumCodecs.Fuzz.Targets;

/// <summary>
/// The filter and checksum codecs of the registry, each in a few configs: the first input byte picks one. Every input
/// is decoded (all overloads) and also round-tripped through the encoder as an array of the filter's dtype.
/// </summary>
internal sealed class FiltersTarget : CodecFamilyTarget
{
    public FiltersTarget()
        : base(
            Table,
            alwaysRoundTrip: true,
            "delta", "shuffle", "astype", "fixedscaleoffset", "quantize", "bitround", "packbits", "categorize", "base64", "crc32", "adler32")
    {
    }

    internal static CodecEntry[] Table =>
    [
        CodecEntry.FromJson("""{"id": "delta", "dtype": "<i8"}"""),
        CodecEntry.FromJson("""{"id": "delta", "dtype": "<i8", "astype": "<i2"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "delta", "dtype": "|u1", "astype": "|u1"}"""),
        CodecEntry.FromJson("""{"id": "delta", "dtype": ">u2", "astype": ">u2"}"""),
        CodecEntry.FromJson("""{"id": "delta", "dtype": "<i4", "astype": ">i4"}"""),
        CodecEntry.FromJson("""{"id": "delta", "dtype": "<f8", "astype": "<f4"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "delta", "dtype": ">f8", "astype": "<f8"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "shuffle", "elementsize": 1}"""),
        CodecEntry.FromJson("""{"id": "shuffle", "elementsize": 2}"""),
        CodecEntry.FromJson("""{"id": "shuffle", "elementsize": 4}"""),
        CodecEntry.FromJson("""{"id": "shuffle", "elementsize": 8}"""),
        CodecEntry.FromJson("""{"id": "shuffle", "elementsize": 3}"""),
        CodecEntry.FromJson("""{"id": "shuffle", "elementsize": 16}"""),
        CodecEntry.FromJson("""{"id": "astype", "encode_dtype": "<i2", "decode_dtype": "<i8"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "astype", "encode_dtype": "<i8", "decode_dtype": "<i2"}"""),
        CodecEntry.FromJson("""{"id": "astype", "encode_dtype": "<f4", "decode_dtype": "<f8"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "astype", "encode_dtype": "<f2", "decode_dtype": "<f8"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "astype", "encode_dtype": ">i4", "decode_dtype": "<i4"}"""),
        CodecEntry.FromJson("""{"id": "astype", "encode_dtype": "<u1", "decode_dtype": "|b1"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "fixedscaleoffset", "offset": 1000, "scale": 10, "dtype": "<f8", "astype": "<u2"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "fixedscaleoffset", "offset": -12.5, "scale": 8.0, "dtype": "<f8", "astype": "<i2"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "fixedscaleoffset", "offset": 1050.0, "scale": 100, "dtype": "<f8", "astype": ">i4"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "fixedscaleoffset", "offset": 1000, "scale": 10, "dtype": "<f4", "astype": "|u1"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "fixedscaleoffset", "offset": 0, "scale": 1, "dtype": "<i4", "astype": "<i8"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "quantize", "digits": 1, "dtype": "<f8", "astype": "<f8"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "quantize", "digits": 4, "dtype": "<f8", "astype": "<f4"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "quantize", "digits": 2, "dtype": "<f4", "astype": "<f4"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "quantize", "digits": -2, "dtype": "<f8", "astype": "<f8"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "bitround", "keepbits": 0}""", itemSize: 4, lossless: false),
        CodecEntry.FromJson("""{"id": "bitround", "keepbits": 7}""", itemSize: 4, lossless: false),
        CodecEntry.FromJson("""{"id": "bitround", "keepbits": 23}""", itemSize: 4),
        CodecEntry.FromJson("""{"id": "bitround", "keepbits": 10}""", itemSize: 8, lossless: false),
        CodecEntry.FromJson("""{"id": "bitround", "keepbits": 51}""", itemSize: 8, lossless: false),
        CodecEntry.FromJson("""{"id": "bitround", "keepbits": 5}""", itemSize: 2, lossless: false),
        CodecEntry.FromJson("""{"id": "packbits"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "categorize", "labels": ["ford", "toyota", "renault", "citroen"], "dtype": "<U8", "astype": "|u1"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "categorize", "labels": ["honda", "ford"], "dtype": ">U5", "astype": "<u2"}""", lossless: false),
        CodecEntry.FromJson("""{"id": "base64"}"""),
        CodecEntry.FromJson("""{"id": "crc32"}"""),
        CodecEntry.FromJson("""{"id": "crc32", "location": "end"}"""),
        CodecEntry.FromJson("""{"id": "adler32"}"""),
        CodecEntry.FromJson("""{"id": "adler32", "location": "end"}"""),
        CodecEntry.FromJson("""{"id": "crc32c"}"""),
        CodecEntry.FromJson("""{"id": "fletcher32"}"""),
        CodecEntry.FromJson("""{"id": "jenkins_lookup3"}"""),
        CodecEntry.FromJson("""{"id": "jenkins_lookup3", "initval": 1230, "prefix": [70, 65, 68, 66]}"""),
    ];
}
