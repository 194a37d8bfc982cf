#!/usr/bin/python3
"""Writes the Zarr v2 fixtures with zarr-python 2 (Debian's python3-zarr 2.13, numcodecs 0.11).

    /usr/bin/python3 tests/zarr-python/write-fixtures.py [outDir]     (outDir defaults to tests/fixtures/zarr-v2)

Replaces outDir with one directory store per case: <outDir>/<case>/.zarray and the chunk files at zarr-python's keys
("0.1", or "0/1" where the case uses the "/" dimension separator), <outDir>/<case>/expected.bin with the whole array's
values (C order, little-endian, raw bytes, bool one byte 0 or 1), and <outDir>/cases.json describing every case.

Every case is read back with zarr-python right after it is written, and the run fails when a value differs (for the
lossy filters, from the values computed by running the filters over the whole array) or when the chunk files present
are not the expected ones. At the end, read.py is run on every case and its output compared with expected.bin.

The output is the same bytes on every run: values come from a fixed hash of each element's index, Blosc runs on one
thread, and gzip headers carry mtime 0 (numcodecs 0.11's GZip otherwise stamps the current time into each chunk).
"""
import gzip
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import types
import zlib
from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

import numpy as np
import numcodecs
import zarr
from numcodecs import blosc
from numcodecs import (
    BZ2,
    LZ4,
    LZMA,
    Adler32,
    AsType,
    BitRound,
    Blosc,
    CRC32,
    Delta,
    FixedScaleOffset,
    GZip,
    Quantize,
    Shuffle,
    Zlib,
    Zstd,
)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "fixtures", "zarr-v2")

# The deterministic path: one thread, Blosc's context API (as tests/fixtures/generate.py does).
blosc.use_threads = False

# numcodecs 0.11's GZip opens gzip.GzipFile without an mtime, so the header would hold the time of the run. The gzip
# module reads the clock only for that field; a clock stuck at 0 makes the chunks reproducible.
gzip.time = types.SimpleNamespace(time=lambda: 0.0)


# ---------------------------------------------------------------------------------------------------------------------
# Deterministic values


def splitmix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser on a uint64 array: a well-mixed hash of each element, wrapping on overflow."""
    with np.errstate(over="ignore"):
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


RUN = 16  # elements per run: each run of consecutive (C-order) elements is one kind of pattern


@dataclass
class Hashes:
    """Per-element and per-run hashes of the flat indices 0..n-1, and the kind of pattern each element's run has."""

    index: np.ndarray  # the flat C-order index
    element: np.ndarray  # a hash of the index
    run: np.ndarray  # a hash of the run the index falls in (the same for the whole run)
    kind: np.ndarray  # 0, 1: a repeated value; 2: a ramp; 3: zeros; 4..7: noise

    @staticmethod
    def of(n: int, seed: int) -> "Hashes":
        index = np.arange(n, dtype=np.uint64)
        salt = np.uint64(seed) << np.uint64(32)
        element = splitmix64(index ^ salt)
        run = splitmix64((index // np.uint64(RUN)) ^ salt ^ np.uint64(1 << 62))
        return Hashes(index, element, run, (run % np.uint64(8)).astype(np.int64))


def pick_kind(h: Hashes, repeated: np.ndarray, ramp: np.ndarray, zeros: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """Each element from the pattern its run has (all four arrays of one dtype, so nothing is promoted)."""
    return np.select([h.kind < 2, h.kind == 2, h.kind == 3], [repeated, ramp, zeros], noise)


def int_values(h: Hashes, dtype: np.dtype, lo: Optional[int], hi: Optional[int]) -> np.ndarray:
    """Integers: repeated values, ramps, zeros and noise over the type's whole range (or [lo, hi]), plus extremes."""
    native = dtype.newbyteorder("=")
    if lo is None:
        # Keep the low bits of each hash: a cast from uint64 wraps, so every bit pattern of the type occurs.
        unsigned = np.dtype(f"u{dtype.itemsize}")
        noise = h.element.astype(unsigned).view(native)
        repeated = (h.run >> np.uint64(11)).astype(unsigned).view(native)
        ramp = (h.index * np.uint64(3)).astype(unsigned).view(native)
    else:
        span = np.uint64(hi - lo + 1)
        noise = ((h.element % span).astype(np.int64) + lo).astype(native)
        repeated = (((h.run >> np.uint64(11)) % span).astype(np.int64) + lo).astype(native)
        ramp = ((h.index % span).astype(np.int64) + lo).astype(native)
    out = pick_kind(h, repeated, ramp, np.zeros_like(noise), noise).astype(native)
    if lo is None:
        info = np.iinfo(native)
        # Extremes and all bits set at a few hashed positions.
        pick = (h.element >> np.uint64(40)) % np.uint64(97)
        out[pick == 0] = info.min
        out[pick == 1] = info.max
        out[pick == 2] = -1 if info.min < 0 else info.max
    return out


def walk_values(h: Hashes, dtype: np.dtype, start: int) -> np.ndarray:
    """A random walk from start with steps in [-4, 4] (zero on the repeated runs): small differences for Delta."""
    steps = (h.element % np.uint64(9)).astype(np.int64) - 4
    steps[h.kind < 2] = 0
    return (start + np.cumsum(steps)).astype(dtype.newbyteorder("="))


def float_values(h: Hashes, dtype: np.dtype, lo: Optional[float], hi: Optional[float], special: bool) -> np.ndarray:
    """Floats: repeated values, ramps, zeros and noise (wide magnitudes, or uniform in [lo, hi]), and with special
    NaN, both infinities, -0, the smallest subnormal and the largest finite value at a few hashed positions."""
    native = dtype.newbyteorder("=")
    unit = (h.element >> np.uint64(11)).astype(np.float64) * 2.0**-53  # [0, 1)
    if lo is None:
        # Signed, with magnitudes from 2^-12 to 2^20: the exponents vary, not only the mantissas.
        exponent = (h.element & np.uint64(31)).astype(np.float64) - 12
        noise = (2 * unit - 1) * np.exp2(exponent)
        repeated = (((h.run >> np.uint64(20)) % np.uint64(2001)).astype(np.float64) - 1000) * 0.25
        ramp = h.index.astype(np.float64) * 0.125 - 50
    else:
        noise = lo + unit * (hi - lo)
        repeated = lo + ((h.run >> np.uint64(11)) % np.uint64(1001)).astype(np.float64) / 1000 * (hi - lo)
        ramp = lo + (h.index % np.uint64(997)).astype(np.float64) / 997 * (hi - lo)
    out = pick_kind(h, repeated, ramp, np.zeros_like(noise), noise).astype(native)
    if special:
        info = np.finfo(native)
        specials = [np.nan, np.inf, -np.inf, -0.0, info.smallest_subnormal, info.max, info.smallest_normal]
        pick = (h.element >> np.uint64(40)) % np.uint64(131)
        for k, value in enumerate(specials):
            out[pick == k] = value
    return out


def bool_values(h: Hashes) -> np.ndarray:
    """Booleans: runs of one value, runs of every third element set, runs of False and noise."""
    noise = (h.element & np.uint64(1)) == 1
    repeated = (h.run >> np.uint64(7) & np.uint64(1)) == 1
    ramp = h.index % np.uint64(3) == 0
    return pick_kind(h, repeated, ramp, np.zeros_like(noise), noise)


@dataclass(frozen=True)
class Values:
    """How a case's values are made: "full" (ints over the whole range, floats with specials), "finite" (floats with
    no specials), "range" (uniform in [lo, hi]) or "walk" (a random walk from lo, for Delta)."""

    profile: str = "full"
    lo: Any = None
    hi: Any = None

    def make(self, seed: int, dtype: np.dtype, shape: Tuple[int, ...]) -> np.ndarray:
        n = math.prod(shape)
        h = Hashes.of(n, seed)
        if dtype.kind == "b":
            flat = bool_values(h)
        elif dtype.kind in "iu":
            if self.profile == "walk":
                flat = walk_values(h, dtype, self.lo)
            else:
                flat = int_values(h, dtype, self.lo, self.hi)
        elif dtype.kind == "f":
            flat = float_values(h, dtype, self.lo, self.hi, special=self.profile == "full")
        else:
            raise ValueError(f"no values for dtype {dtype}")
        # Stored in the case's own byte order, so zarr-python converts nothing on assignment.
        return flat.astype(dtype).reshape(shape)


FULL = Values()
FINITE = Values("finite")


# ---------------------------------------------------------------------------------------------------------------------
# Cases


@dataclass
class Case:
    name: str
    dtype: str
    shape: Tuple[int, ...] = (30, 40)
    chunks: Tuple[int, ...] = (12, 16)  # 3 x 3 chunks, the last row and column of them edge chunks
    order: str = "C"
    compressor: Any = None
    filters: Optional[List[Any]] = None
    fill_value: Any = 0
    values: Values = FULL
    # Chunks (grid coordinates) whose part inside the array is set to the fill value. With write_empty_chunks False
    # zarr-python then writes no file for them.
    blank: List[Tuple[int, ...]] = field(default_factory=list)
    write_empty_chunks: bool = True
    dimension_separator: Optional[str] = None  # None: zarr-python's default, "." and no key in .zarray
    lossy: bool = False  # expected.bin holds the filters' round trip of the values, not the values assigned
    note: Optional[str] = None


def blosc_(cname: str, clevel: int, shuffle: int) -> Blosc:
    return Blosc(cname=cname, clevel=clevel, shuffle=shuffle)


CASES: List[Case] = [
    # --- every numeric dtype, C order, no compressor and no filters: the chunks are the raw values
    Case("raw_int8", "<i1", note="numpy spells a 1-byte dtype with '|': .zarray says |i1"),
    Case("raw_uint8", "|u1"),
    Case("raw_int16", "<i2"),
    Case("raw_uint16", "<u2"),
    Case("raw_int32", "<i4"),
    Case("raw_uint32", "<u4"),
    Case("raw_int64", "<i8"),
    Case("raw_uint64", "<u8"),
    Case("raw_float32", "<f4"),
    Case("raw_float64", "<f8"),
    Case("raw_bool", "|b1", fill_value=False),
    Case("raw_big_int16", ">i2"),
    Case("raw_big_int32", ">i4"),
    Case("raw_big_float64", ">f8"),
    Case("raw_big_uint64", ">u8"),
    # --- Blosc
    Case("blosc_lz4_shuffle_int32", "<i4", compressor=blosc_("lz4", 5, Blosc.SHUFFLE)),
    Case("blosc_zstd_bitshuffle_float32", "<f4", compressor=blosc_("zstd", 3, Blosc.BITSHUFFLE)),
    Case("blosc_blosclz_noshuffle_uint16", "<u2", compressor=blosc_("blosclz", 9, Blosc.NOSHUFFLE)),
    Case(
        "blosc_lz4_autoshuffle_uint8",
        "|u1",
        compressor=blosc_("lz4", 5, Blosc.AUTOSHUFFLE),
        note="shuffle -1 (AUTOSHUFFLE) on a 1-byte type: numcodecs 0.11 bit-shuffles the chunks",
    ),
    Case(
        "blosc_lz4_autoshuffle_int16",
        "<i2",
        compressor=blosc_("lz4", 5, Blosc.AUTOSHUFFLE),
        note="shuffle -1 (AUTOSHUFFLE) on a 2-byte type: numcodecs 0.11 byte-shuffles the chunks",
    ),
    Case("blosc_lz4hc_shuffle_int64", "<i8", compressor=blosc_("lz4hc", 7, Blosc.SHUFFLE)),
    Case("blosc_zlib_shuffle_big_float64", ">f8", compressor=blosc_("zlib", 5, Blosc.SHUFFLE)),
    Case("blosc_zstd_bitshuffle_bool", "|b1", compressor=blosc_("zstd", 5, Blosc.BITSHUFFLE), fill_value=False),
    # --- the other compressors
    Case("zlib_level5_int32", "<i4", compressor=Zlib(level=5)),
    Case("gzip_level6_float64", "<f8", compressor=GZip(level=6)),
    Case("bz2_level9_int16", "<i2", compressor=BZ2(level=9)),
    Case("lzma_default_uint32", "<u4", compressor=LZMA()),
    Case("zstd_level3_int64", "<i8", compressor=Zstd(level=3)),
    Case("lz4_default_float32", "<f4", compressor=LZ4()),
    Case("zlib_level1_big_int16", ">i2", compressor=Zlib(level=1)),
    # --- Fortran order: each chunk is stored with its first index varying fastest
    Case("order_f_2d_raw_int32", "<i4", order="F"),
    Case("order_f_2d_blosc_int16", "<i2", order="F", compressor=blosc_("lz4", 5, Blosc.SHUFFLE)),
    Case("order_f_2d_raw_big_float64", ">f8", order="F"),
    Case("order_f_3d_raw_uint16", "<u2", shape=(6, 10, 12), chunks=(4, 4, 5), order="F"),
    Case("order_f_3d_zlib_float64", "<f8", shape=(6, 10, 12), chunks=(4, 4, 5), order="F", compressor=Zlib(level=5)),
    Case(
        "order_f_3d_delta_zstd_int32",
        "<i4",
        shape=(7, 9, 11),
        chunks=(3, 4, 5),
        order="F",
        filters=[Delta(dtype="<i4")],
        compressor=Zstd(level=1),
        values=Values("walk", 1000),
        note="Delta runs over each chunk's values in F order (the order they are stored in)",
    ),
    # --- filters (without a compressor, so the chunk files show the filters' output alone)
    Case("delta_int32", "<i4", filters=[Delta(dtype="<i4")], values=Values("walk", -500)),
    Case(
        "delta_astype_int16_int64",
        "<i8",
        filters=[Delta(dtype="<i8", astype="<i2")],
        values=Values("walk", -2000),
        note="Delta's astype: each chunk's first value and its differences stored as <i2 (all of them fit)",
    ),
    Case(
        "fixedscaleoffset_float64",
        "<f8",
        filters=[FixedScaleOffset(offset=1000, scale=10, dtype="<f8", astype="<i4")],
        values=Values("range", 900.0, 1100.0),
        lossy=True,
        note="stored as <i4 round((x - 1000) * 10); read back as x' / 10 + 1000",
    ),
    Case(
        "quantize_float64",
        "<f8",
        filters=[Quantize(digits=3, dtype="<f8")],
        values=FINITE,
        lossy=True,
    ),
    Case(
        "quantize_astype_float32_float64",
        "<f8",
        filters=[Quantize(digits=2, dtype="<f8", astype="<f4")],
        values=Values("range", -100.0, 100.0),
        lossy=True,
        note="Quantize stores <f4, read back as <f8",
    ),
    Case("shuffle_int64", "<i8", filters=[Shuffle(elementsize=8)]),
    Case("shuffle_float32", "<f4", filters=[Shuffle(elementsize=4)]),
    Case(
        "astype_int16_int32",
        "<i4",
        filters=[AsType(encode_dtype="<i2", decode_dtype="<i4")],
        values=Values("range", -32768, 32767),
        note="values fit <i2, so the round trip is exact",
    ),
    Case(
        "astype_float32_float64",
        "<f8",
        filters=[AsType(encode_dtype="<f4", decode_dtype="<f8")],
        values=FINITE,
        lossy=True,
        note="stored as <f4: values read back rounded to float32",
    ),
    Case("crc32_int32", "<i4", filters=[CRC32()], note="each chunk: CRC-32 of the values, <u4, then the values"),
    Case("adler32_uint16", "<u2", filters=[Adler32()], note="each chunk: Adler-32 of the values, <u4, then the values"),
    Case("crc32_zlib_float64", "<f8", filters=[CRC32()], compressor=Zlib(level=5)),
    Case("bitround_float32", "<f4", filters=[BitRound(keepbits=10)], values=FINITE, lossy=True),
    Case(
        "bitround_blosc_float32",
        "<f4",
        filters=[BitRound(keepbits=6)],
        compressor=blosc_("zstd", 5, Blosc.BITSHUFFLE),
        values=FINITE,
        lossy=True,
    ),
    # --- chains of two filters and a compressor
    Case(
        "chain_delta_shuffle_zlib_int32",
        "<i4",
        filters=[Delta(dtype="<i4"), Shuffle(elementsize=4)],
        compressor=Zlib(level=5),
        values=Values("walk", 70000),
    ),
    Case(
        "chain_fixedscaleoffset_delta_blosc_float64",
        "<f8",
        filters=[FixedScaleOffset(offset=-2.5, scale=100.0, dtype="<f8", astype="<i4"), Delta(dtype="<i4")],
        compressor=blosc_("lz4", 5, Blosc.SHUFFLE),
        values=Values("range", -50.0, 50.0),
        lossy=True,
        note="the filters change the dtype: FixedScaleOffset hands <i4 to Delta, whose dtype is <i4",
    ),
    Case(
        "chain_quantize_crc32_lz4_float32",
        "<f4",
        filters=[Quantize(digits=1, dtype="<f4"), CRC32()],
        compressor=LZ4(),
        values=Values("range", 0.0, 1000.0),
        lossy=True,
    ),
    # --- shapes
    Case("shape_1d_float64", "<f8", shape=(1000,), chunks=(128,), fill_value=-1.5, compressor=Zlib(level=5)),
    Case("shape_1d_raw_int16", "<i2", shape=(257,), chunks=(64,)),
    Case("shape_3d_uint32", "<u4", shape=(10, 12, 14), chunks=(4, 5, 6), compressor=blosc_("lz4", 5, Blosc.SHUFFLE)),
    Case("shape_3d_raw_int8", "<i1", shape=(5, 6, 7), chunks=(2, 3, 4)),
    Case("single_chunk_2d_int32", "<i4", shape=(17, 13), chunks=(17, 13), compressor=Zlib(level=5)),
    Case(
        "single_chunk_larger_than_shape_float32",
        "<f4",
        shape=(10, 7),
        chunks=(16, 16),
        note="one edge chunk bigger than the array: the file holds 16 x 16 values, past the array the fill value",
    ),
    Case(
        "chunks_exact_multiple_uint8",
        "|u1",
        shape=(32, 48),
        chunks=(16, 16),
        compressor=Zlib(level=5),
        note="no edge chunks",
    ),
    # --- fill values and chunks that are not written
    Case(
        "missing_chunks_fill0_int32",
        "<i4",
        compressor=Zlib(level=5),
        blank=[(0, 1), (1, 1), (2, 2)],
        write_empty_chunks=False,
        note="chunks holding only the fill value (one an edge chunk) are not written: read as 0",
    ),
    Case(
        "missing_chunks_fill7_int16",
        "<i2",
        fill_value=7,
        blank=[(0, 0), (2, 1)],
        write_empty_chunks=False,
        note="edge chunks are padded with 7 past the array's end",
    ),
    Case(
        "missing_chunks_fill_nan_float32",
        "<f4",
        fill_value=float("nan"),
        compressor=blosc_("lz4", 5, Blosc.SHUFFLE),
        blank=[(1, 0), (1, 2), (2, 0)],
        write_empty_chunks=False,
        values=FINITE,
        note='fill_value NaN is the string "NaN" in .zarray; chunks of NaN only are not written',
    ),
    Case(
        "missing_chunks_fill_minus1_5_float64",
        "<f8",
        fill_value=-1.5,
        blank=[(0, 2), (2, 0)],
        write_empty_chunks=False,
        values=FINITE,
    ),
    Case(
        "missing_chunks_fill_true_bool",
        "|b1",
        fill_value=True,
        compressor=Zlib(level=5),
        blank=[(1, 1), (2, 2)],
        write_empty_chunks=False,
        note="fill_value true: chunks of True only are not written",
    ),
    Case(
        "missing_chunks_1d_fill7_uint8",
        "|u1",
        shape=(300,),
        chunks=(64,),
        fill_value=7,
        blank=[(1,), (4,)],
        write_empty_chunks=False,
    ),
    Case(
        "fill_nan_float64",
        "<f8",
        fill_value=float("nan"),
        note="fill_value NaN with every chunk written: edge chunks padded with NaN",
    ),
    Case(
        "fill_none_float64",
        "<f8",
        fill_value=None,
        compressor=Zlib(level=5),
        note="fill_value null: every chunk is written; zarr-python pads edge chunks with zeros",
    ),
    Case("fill_none_int32", "<i4", fill_value=None, note="fill_value null: every chunk is written"),
    Case(
        "fill_nonzero_all_chunks_written_int8",
        "<i1",
        fill_value=-1,
        blank=[(1, 1)],
        note="write_empty_chunks left True: the chunk of fill values only is written too",
    ),
    # --- dimension separators
    Case(
        "dimension_separator_slash_int32",
        "<i4",
        dimension_separator="/",
        compressor=Zlib(level=5),
        note='.zarray says "dimension_separator": "/" and chunks are at 0/0, 0/1, ...',
    ),
    Case(
        "dimension_separator_slash_3d_uint16",
        "<u2",
        shape=(6, 10, 12),
        chunks=(4, 4, 5),
        dimension_separator="/",
        blank=[(1, 2, 2)],
        write_empty_chunks=False,
    ),
    Case(
        "dimension_separator_dot_explicit_float32",
        "<f4",
        dimension_separator=".",
        note='.zarray says "dimension_separator": "." (the other cases with "." have no such key)',
    ),
]


# ---------------------------------------------------------------------------------------------------------------------
# Writing and checking


def little_endian_bytes(values: np.ndarray) -> bytes:
    """The values in C order, each little-endian (bool and 1-byte types as they are)."""
    return np.ascontiguousarray(values.astype(values.dtype.newbyteorder("<"), copy=False)).tobytes(order="C")


def require(condition: Any, message: str) -> None:
    """A check of the fixtures (not an assert, so python -O does not drop it)."""
    if not condition:
        raise AssertionError(message)


def chunk_grid(shape: Tuple[int, ...], chunks: Tuple[int, ...]) -> List[Tuple[int, ...]]:
    """Every chunk's grid coordinates, in C order."""
    counts = [math.ceil(s / c) for s, c in zip(shape, chunks)]
    return [tuple(int(x) for x in coords) for coords in np.ndindex(*counts)]


def chunk_region(coords: Tuple[int, ...], chunks: Tuple[int, ...]) -> Tuple[slice, ...]:
    return tuple(slice(i * c, (i + 1) * c) for i, c in zip(coords, chunks))


def is_fill(block: np.ndarray, fill_value: Any) -> bool:
    if fill_value is None:
        return False
    if isinstance(fill_value, float) and math.isnan(fill_value):
        return bool(np.all(np.isnan(block)))
    return bool(np.all(block == fill_value))


def filter_round_trip(values: np.ndarray, filters: List[Any]) -> np.ndarray:
    """The values after every filter's encode and then every decode, over the whole array at once (the filters are
    element-wise, so this is what reading each chunk back gives)."""
    data: Any = values.copy()  # BitRound encodes in place
    for f in filters:
        data = f.encode(data)
    for f in reversed(filters):
        data = f.decode(data)
    return np.asarray(data).view(values.dtype).reshape(values.shape)


def chunk_keys_present(array_dir: str) -> List[str]:
    """The chunk files below array_dir as store keys ("0.1" or "0/1"), in file-name order."""
    keys = []
    for root, _dirs, files in os.walk(array_dir):
        for name in files:
            key = os.path.relpath(os.path.join(root, name), array_dir).replace(os.sep, "/")
            if key not in (".zarray", "expected.bin"):
                keys.append(key)
    return sorted(keys)


def codec_config(codec: Any) -> Any:
    return None if codec is None else codec.get_config()


def write_case(case: Case, out_dir: str) -> dict:
    dtype = np.dtype(case.dtype)
    seed = zlib.crc32(case.name.encode("ascii"))
    values = case.values.make(seed, dtype, case.shape)
    for coords in case.blank:
        region = chunk_region(coords, case.chunks)
        values[region] = case.fill_value

    expected = filter_round_trip(values, case.filters) if case.lossy else values
    if not case.lossy and case.filters:
        # A case not marked lossy must round-trip exactly.
        exact = little_endian_bytes(filter_round_trip(values, case.filters)) == little_endian_bytes(values)
        require(exact, f"{case.name}: the filters do not round-trip; mark the case lossy")

    array_dir = os.path.join(out_dir, case.name)
    array = zarr.open_array(
        store=zarr.DirectoryStore(array_dir),
        mode="w",
        shape=case.shape,
        chunks=case.chunks,
        dtype=dtype,
        order=case.order,
        compressor=case.compressor,
        filters=case.filters,
        fill_value=case.fill_value,
        write_empty_chunks=case.write_empty_chunks,
        dimension_separator=case.dimension_separator,
    )
    # A copy: zarr-python hands whole chunks of the assigned array to the filters, and BitRound changes them in place.
    array[...] = values.copy()

    with open(os.path.join(array_dir, ".zarray"), encoding="utf-8") as f:
        meta = json.load(f)

    # The check: zarr-python reads back what it should, from a fresh store.
    back = zarr.open_array(store=zarr.DirectoryStore(array_dir), mode="r")
    read = back[...]
    require(read.dtype == dtype and read.shape == case.shape, f"{case.name}: read back as {read.dtype} {read.shape}")
    require(little_endian_bytes(read) == little_endian_bytes(expected), f"{case.name}: zarr-python reads other values")
    check_lossy_bounds(case, values, read)

    with open(os.path.join(array_dir, "expected.bin"), "wb") as f:
        f.write(little_endian_bytes(expected))

    separator = meta.get("dimension_separator", ".")
    grid = chunk_grid(case.shape, case.chunks)
    # With write_empty_chunks False, exactly the chunks holding only the fill value (the blanked ones) have no file.
    skipped = []
    if not case.write_empty_chunks:
        skipped = [c for c in grid if is_fill(values[chunk_region(c, case.chunks)], case.fill_value)]
        require(sorted(skipped) == sorted(case.blank), f"{case.name}: chunks {skipped} hold only the fill value")
    want_keys = [separator.join(map(str, c)) for c in grid if c not in skipped]
    present = chunk_keys_present(array_dir)
    require(sorted(want_keys) == present, f"{case.name}: chunk files {present}, expected {want_keys}")

    entry = {
        "name": case.name,
        "dtype": meta["dtype"],
        "shape": meta["shape"],
        "chunks": meta["chunks"],
        "order": meta["order"],
        "compressor": meta["compressor"],
        "filters": meta["filters"],
        "fill_value": meta["fill_value"],
        "dimension_separator": separator,
        "dimension_separator_in_zarray": "dimension_separator" in meta,
        "write_empty_chunks": case.write_empty_chunks,
        "lossy": case.lossy,
        "chunk_keys": want_keys,  # in C order of the chunk grid
        "missing_chunk_keys": [separator.join(map(str, c)) for c in skipped],
    }
    if case.note:
        entry["note"] = case.note
    # What open_array was given should be what .zarray says.
    require(meta["compressor"] == codec_config(case.compressor), f"{case.name}: .zarray's compressor")
    filters = None if not case.filters else [f.get_config() for f in case.filters]
    require(meta["filters"] == filters, f"{case.name}: .zarray's filters")
    return entry


def check_lossy_bounds(case: Case, values: np.ndarray, read: np.ndarray) -> None:
    """Lossy filters stay within their documented error, so expected.bin is not merely self-consistent."""
    if not case.lossy:
        return
    error = np.abs(read.astype(np.float64) - values.astype(np.float64))
    for f in case.filters:
        if isinstance(f, Quantize):
            require(np.all(error <= 10.0**-f.digits), f"{case.name}: Quantize error too large")
        elif isinstance(f, FixedScaleOffset):
            require(np.all(error <= 0.5 / f.scale + 1e-9), f"{case.name}: FixedScaleOffset error too large")
        elif isinstance(f, BitRound):
            relative = error / np.maximum(np.abs(values.astype(np.float64)), 1e-30)
            require(np.all((relative <= 2.0**-f.keepbits) | (values == 0)), f"{case.name}: BitRound error too large")


def check_reader(out_dir: str, names: List[str]) -> None:
    """read.py must give expected.bin for every case."""
    reader = os.path.join(HERE, "read.py")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "read.bin")
        for name in names:
            array_dir = os.path.join(out_dir, name)
            subprocess.run([sys.executable, reader, array_dir, out], check=True, stdout=subprocess.DEVNULL)
            with open(out, "rb") as a, open(os.path.join(array_dir, "expected.bin"), "rb") as b:
                require(a.read() == b.read(), f"read.py gives other values than expected.bin for {name}")


def main(argv: List[str]) -> None:
    if len(argv) > 1:
        sys.exit("usage: write-fixtures.py [outDir]")
    out_dir = os.path.abspath(argv[0] if argv else DEFAULT_OUT)
    if os.path.exists(out_dir):
        # Only a folder this script wrote (or an empty one) is replaced.
        if os.listdir(out_dir) and not os.path.exists(os.path.join(out_dir, "cases.json")):
            sys.exit(f"{out_dir} exists and has no cases.json; not replacing it")
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)

    names = [c.name for c in CASES]
    require(len(set(names)) == len(names), "case names must be unique")
    entries = [write_case(case, out_dir) for case in CASES]
    listing = {
        "writer": {
            "zarr": zarr.__version__,
            "numcodecs": numcodecs.__version__,
            "numpy": np.__version__,
            "python": sys.version.split()[0],
        },
        "cases": entries,
    }
    with open(os.path.join(out_dir, "cases.json"), "w", encoding="utf-8") as f:
        json.dump(listing, f, indent=2)
        f.write("\n")
    check_reader(out_dir, names)
    print(f"wrote {len(entries)} cases to {out_dir}")


if __name__ == "__main__":
    main(sys.argv[1:])
