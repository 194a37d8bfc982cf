#!/usr/bin/python3
"""Reads a Zarr v2 array with zarr-python 2 and writes its values as raw bytes.

    /usr/bin/python3 tests/zarr-python/read.py <arrayDir> <out.bin>

Opens the array whose .zarray is in arrayDir (a directory store: chunk files at their keys below it, "0.1" or, where
.zarray says "dimension_separator": "/", "0/1"), reads all of it with zarr-python and writes its values to out.bin: C
order, little-endian, raw bytes, bool one byte 0 or 1. Missing chunks read as the fill value. Prints one JSON line,
{"dtype":..., "shape":[...], "chunks":[...], "order":..., "compressor":..., "filters":..., "fill_value":...,
"dimension_separator":...}, as zarr-python understood the metadata. On any error it prints the message to stderr and
exits with status 1.

One thing differs from zarr-python alone: an array whose fill_value is null and that lacks a chunk is an error here.
zarr-python 2 leaves such a chunk's values uninitialised (whatever the memory held), which no test can compare.
"""
import json
import os
import sys

import numpy as np
import zarr
from zarr.meta import Metadata2


def little_endian_bytes(values: np.ndarray) -> bytes:
    """The values in C order, each little-endian (bool and 1-byte types as they are)."""
    return np.ascontiguousarray(values.astype(values.dtype.newbyteorder("<"), copy=False)).tobytes(order="C")


def missing_chunks(array: zarr.Array) -> list:
    """The keys of the chunks the store does not hold."""
    return [key for key in (array._chunk_key(coords) for coords in np.ndindex(*array.cdata_shape))
            if key not in array.chunk_store]


def read(array_dir: str, out_path: str) -> dict:
    if not os.path.isfile(os.path.join(array_dir, ".zarray")):
        raise FileNotFoundError(f"no .zarray in {array_dir}")
    # mode "r": nothing is written, and a missing or malformed .zarray is an error rather than a new array. zarr-python
    # takes the dimension separator from .zarray ("." where it has none).
    array = zarr.open_array(store=zarr.DirectoryStore(array_dir), mode="r")
    if array.dtype.hasobject:
        raise ValueError(f"dtype {array.dtype.str}: object arrays have no raw-bytes form")
    if array.fill_value is None:
        absent = missing_chunks(array)
        if absent:
            raise ValueError(f"fill_value is null and chunks {absent} are missing: zarr-python 2 would return "
                             "uninitialised memory for them")

    values = array[...]
    with open(out_path, "wb") as f:
        f.write(little_endian_bytes(values))

    return {
        "dtype": array.dtype.str,
        "shape": list(array.shape),
        "chunks": list(array.chunks),
        "order": array.order,
        "compressor": None if array.compressor is None else array.compressor.get_config(),
        "filters": None if not array.filters else [f.get_config() for f in array.filters],
        "fill_value": Metadata2.encode_fill_value(array.fill_value, array.dtype),
        "dimension_separator": array._dimension_separator or ".",
    }


def describe(error: BaseException) -> str:
    """The error and what caused it (zarr-python wraps metadata errors in a plain "error decoding metadata")."""
    parts = []
    while error is not None:
        kind = type(error)
        name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
        parts.append(f"{name}: {error}")
        error = error.__cause__
    return "; caused by ".join(parts)


def main(argv: list) -> int:
    if len(argv) != 2:
        print("usage: read.py <arrayDir> <out.bin>", file=sys.stderr)
        return 1
    try:
        summary = read(argv[0], argv[1])
    except Exception as error:  # any failure is the caller's to see, as one line
        print(describe(error), file=sys.stderr)
        return 1
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
