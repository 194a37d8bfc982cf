#!/usr/bin/python3
"""Writes tests/fixtures/zarr-v2-zip/: Zarr v2 arrays in zip files written by zarr-python 2's ZipStore.

- stored.zip: entries stored (zarr-python's default, ZIP_STORED), so a reader can read chunks by byte range;
  a group with a Blosc float32 array "x" (edge chunks) and a zlib int16 array "y".
- deflated.zip: the same arrays with entries compressed (ZIP_DEFLATED), which a reader must read whole.
Each array's values go to <zip name>.<array>.expected.bin (C order, little endian), as the other fixtures.
Run: /usr/bin/python3 tests/zarr-python/write-zip-fixture.py
"""
import os
import zipfile

import numcodecs
import numpy as np
import zarr

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "zarr-v2-zip")


def values():
    i = np.arange(37 * 29, dtype=np.int64)
    x = (np.sin(i * 0.01) * 1000 + (i * 2654435761 % 97)).astype("<f4").reshape(37, 29)
    y = ((i * 40503) % 65521 - 32000).astype("<i2")[: 300].reshape(300)
    return x, y


def write(name, compression):
    path = os.path.join(OUT, name)
    if os.path.exists(path):
        os.remove(path)
    x, y = values()
    store = zarr.ZipStore(path, mode="w", compression=compression)
    root = zarr.group(store=store)
    ax = root.create_dataset("x", shape=x.shape, chunks=(10, 8), dtype="<f4",
                             compressor=numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE))
    ax[...] = x
    ay = root.create_dataset("y", shape=y.shape, chunks=(64,), dtype="<i2", compressor=numcodecs.Zlib(level=5))
    ay[...] = y
    store.close()
    # Read back with zarr-python before calling it a fixture.
    check = zarr.ZipStore(path, mode="r")
    group = zarr.open_group(store=check, mode="r")
    assert np.array_equal(group["x"][...], x) and np.array_equal(group["y"][...], y)
    check.close()
    with zipfile.ZipFile(path) as archive:
        methods = {info.compress_type for info in archive.infolist()}
    assert methods == {compression}, methods
    for array_name, data in (("x", x), ("y", y)):
        with open(os.path.join(OUT, f"{name}.{array_name}.expected.bin"), "wb") as f:
            f.write(data.astype(data.dtype.newbyteorder("<")).tobytes())


os.makedirs(OUT, exist_ok=True)
write("stored.zip", zipfile.ZIP_STORED)
write("deflated.zip", zipfile.ZIP_DEFLATED)
print("zarr", zarr.__version__, "numcodecs", numcodecs.__version__, "->", os.path.normpath(OUT))
