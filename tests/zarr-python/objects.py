#!/usr/bin/python3
"""Zarr v2 object arrays (dtype |O) with zarr-python 2.

  objects.py write     writes tests/fixtures/zarr-v2-objects/<case>/ (the array) and <case>.expected.json (its items)
  objects.py read DIR  prints the items of the object array at DIR as one JSON list (C order, flattened)

Items are strings (vlen-utf8, json2, msgpack2) or byte strings (vlen-bytes, written to JSON as lists of byte values).
"""
import json
import os
import sys

import numcodecs
import numpy as np
import zarr

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "zarr-v2-objects")


def strings(n):
    words = ["", "a", "Zürich", "東京", "naïve café", "x" * 40, "tab\there", "line\nbreak"]
    return [words[i % len(words)] + (str(i) if i % 3 else "") for i in range(n)]


def to_json(items):
    return [list(item) if isinstance(item, bytes) else item for item in items]


CASES = {
    "vlen_utf8_zstd": dict(codec=numcodecs.VLenUTF8(), compressor=numcodecs.Zstd(level=1), shape=(23, 5), chunks=(10, 2), items=lambda n: strings(n)),
    "vlen_bytes_blosc": dict(codec=numcodecs.VLenBytes(), compressor=numcodecs.Blosc(cname="lz4"), shape=(40,), chunks=(16,), items=lambda n: [s.encode("utf-8") for s in strings(n)]),
    "json2_none": dict(codec=numcodecs.JSON(), compressor=None, shape=(9, 3), chunks=(4, 3), items=lambda n: strings(n)),
}


def write():
    os.makedirs(OUT, exist_ok=True)
    for name, case in CASES.items():
        path = os.path.join(OUT, name)
        shape = case["shape"]
        n = int(np.prod(shape))
        items = case["items"](n)
        data = np.empty(n, dtype=object)
        data[:] = items
        array = zarr.open_array(store=zarr.DirectoryStore(path), mode="w", shape=shape, chunks=case["chunks"],
                                dtype=object, object_codec=case["codec"], compressor=case["compressor"])
        array[...] = data.reshape(shape)
        back = zarr.open_array(store=zarr.DirectoryStore(path), mode="r")[...].reshape(-1).tolist()
        assert back == items, name
        with open(os.path.join(OUT, name + ".expected.json"), "w", encoding="utf-8") as f:
            json.dump(to_json(items), f, ensure_ascii=False)
    print("zarr", zarr.__version__, "numcodecs", numcodecs.__version__, "->", os.path.normpath(OUT))


def read(path):
    try:
        values = zarr.open_array(store=zarr.DirectoryStore(path), mode="r")[...]
        print(json.dumps(to_json(np.asarray(values, dtype=object).reshape(-1).tolist()), ensure_ascii=False))
    except Exception as e:  # the caller shows the message
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1:] == ["write"]:
        write()
    elif len(sys.argv) == 3 and sys.argv[1] == "read":
        read(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
