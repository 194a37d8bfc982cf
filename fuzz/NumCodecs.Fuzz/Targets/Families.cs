using NumCodecs.Blosc;

namespace NumCodecs.Fuzz.Targets;

/// <summary>The tables of codecs the decode targets choose from.</summary>
internal static class Families
{
    public static CodecFamilyTarget Blosc() => new(
        [
            CodecEntry.FromJson("""{"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 0}""", 4),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 0, "blocksize": 0}""", 1),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "lz4", "clevel": 9, "shuffle": 2, "blocksize": 0}""", 8),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "blosclz", "clevel": 5, "shuffle": 1, "blocksize": 0}""", 2),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "lz4hc", "clevel": 5, "shuffle": -1, "blocksize": 0}""", 1),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "zlib", "clevel": 1, "shuffle": 1, "blocksize": 0}""", 4),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "zstd", "clevel": 3, "shuffle": 2, "blocksize": 0}""", 4),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "lz4", "clevel": 0, "shuffle": 1, "blocksize": 0}""", 4),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 256}""", 4),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "zstd", "clevel": 5, "shuffle": 0, "blocksize": 4096}""", 8),
            CodecEntry.FromJson("""{"id": "blosc", "cname": "blosclz", "clevel": 9, "shuffle": 1, "blocksize": 256, "typesize": 3}""", 1),
            new CodecEntry(new BloscCodec("lz4", 5, BloscShuffle.Shuffle, 1024, internalThreads: 2), 4),
        ],
        "blosc");

    public static CodecFamilyTarget Zstd() => new(
        [
            CodecEntry.FromJson("""{"id": "zstd", "level": 1}"""),
            CodecEntry.FromJson("""{"id": "zstd", "level": 3}"""),
            CodecEntry.FromJson("""{"id": "zstd", "level": 9}"""),
            CodecEntry.FromJson("""{"id": "zstd", "level": -5}"""),
            CodecEntry.FromJson("""{"id": "zstd", "level": 3, "checksum": true}"""),
        ],
        "zstd")
    {
        // Frames as RFC 8878 lays them out: magic 28 B5 2F FD, a descriptor (0x20: single segment, 1-byte content
        // size), the content size, then blocks (3-byte header: last flag, type, size << 3).
        CraftedSeeds =
        [
            ("content-size-0-with-a-raw-block", [0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x00, 0x29, 0x00, 0x00, .. "hello"u8]),
            ("content-size-0-empty", [0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x00, 0x01, 0x00, 0x00]),
            ("content-size-2-with-5-bytes", [0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x02, 0x29, 0x00, 0x00, .. "hello"u8]),
            ("two-frames", [0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x00, 0x01, 0x00, 0x00, 0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x05, 0x29, 0x00, 0x00, .. "hello"u8]),
        ],
    };

    public static CodecFamilyTarget Lz4() => new(
        [
            CodecEntry.FromJson("""{"id": "lz4", "acceleration": 1}"""),
            CodecEntry.FromJson("""{"id": "lz4", "acceleration": 10}"""),
            CodecEntry.FromJson("""{"id": "lz4", "acceleration": 100}"""),
        ],
        "lz4");

    public static CodecFamilyTarget Zlib() => new(
        [
            CodecEntry.FromJson("""{"id": "zlib", "level": 1}"""),
            CodecEntry.FromJson("""{"id": "zlib", "level": 9}"""),
            CodecEntry.FromJson("""{"id": "zlib", "level": 0}"""),
            CodecEntry.FromJson("""{"id": "zlib", "level": -1}"""),
            CodecEntry.FromJson("""{"id": "gzip", "level": 1}"""),
            CodecEntry.FromJson("""{"id": "gzip", "level": 9}"""),
            CodecEntry.FromJson("""{"id": "gzip", "level": 0}"""),
        ],
        "zlib", "gzip");

    public static CodecFamilyTarget Bz2() => new(
        [
            CodecEntry.FromJson("""{"id": "bz2", "level": 1}"""),
            CodecEntry.FromJson("""{"id": "bz2", "level": 9}"""),
        ],
        "bz2");

    // Light presets only for the round trips (preset 6 needs a 94 MiB encoder); the heavier configs are the reference
    // fixtures' own, kept so their raw encodings are decoded with the filter chain that wrote them.
    public static CodecFamilyTarget Lzma() => new(
        [
            CodecEntry.FromJson("""{"id": "lzma", "format": 1, "check": -1, "preset": 0, "filters": null}"""),
            CodecEntry.FromJson("""{"id": "lzma", "format": 1, "check": 0, "preset": 1, "filters": null}"""),
            CodecEntry.FromJson("""{"id": "lzma", "format": 1, "check": 1, "preset": 0, "filters": null}"""),
            CodecEntry.FromJson("""{"id": "lzma", "format": 1, "check": 10, "preset": 0, "filters": null}"""),
            CodecEntry.FromJson("""{"id": "lzma", "format": 2, "check": -1, "preset": 0, "filters": null}"""),
            CodecEntry.FromJson("""{"id": "lzma", "format": 0, "check": -1, "preset": null, "filters": null}"""),
            CodecEntry.FromJson("""{"id": "lzma", "format": 3, "check": -1, "preset": null, "filters": [{"id": 33, "preset": 1}]}"""),
            CodecEntry.FromJson("""{"id": "lzma", "format": 3, "check": -1, "preset": null, "filters": [{"id": 3, "dist": 4}, {"id": 33, "preset": 1}]}"""),
            CodecEntry.FromJson("""{"id": "lzma", "format": 3, "check": -1, "preset": null, "filters": [{"id": 4611686018427387905, "dict_size": 65536, "lc": 0, "lp": 2, "pb": 2, "mode": 1, "nice_len": 32, "mf": 3, "depth": 0}]}"""),
            CodecEntry.FromJson("""{"id": "lzma", "format": 3, "check": -1, "preset": null, "filters": [{"id": 4}, {"id": 33, "preset": 2, "mf": 18, "mode": 2}]}"""),
            CodecEntry.FromJson("""{"id": "lzma", "format": 3, "check": -1, "preset": null, "filters": [{"id": 3, "dist": 4}, {"id": 33, "preset": 6}]}"""),
            CodecEntry.FromJson("""{"id": "lzma", "format": 1, "check": -1, "preset": null, "filters": [{"id": 3, "dist": 2}, {"id": 33, "preset": 1, "lc": 1, "lp": 1, "pb": 0, "nice_len": 64, "mf": 19, "depth": 8}]}"""),
            CodecEntry.FromJson("""{"id": "lzma", "format": 2, "check": -1, "preset": null, "filters": [{"id": 4611686018427387905, "preset": 2, "dict_size": 1048576}]}"""),
        ],
        "lzma");
}
