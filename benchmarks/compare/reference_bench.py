#!/usr/bin/python3
"""The reference side of the cross-language comparison: numcodecs (Debian's python3-numcodecs) on the same sample,
workloads and timing method as native/bench/bench.c and the C# harness (3 warm-up calls, then batches of 8 calls
until 0.3 s have passed, best of 3 rounds). Blosc runs twice: on its context API with one thread (use_threads = False,
impl "numcodecs"), and with numcodecs' defaults (impl "numcodecs-default": use_threads None, which in the main thread
means c-blosc's global pool of min(8, cores) threads, as numcodecs sets it on import).

    /usr/bin/python3 benchmarks/compare/reference_bench.py SAMPLE
"""
import json
import sys
import time

import numpy as np
import numcodecs
from numcodecs import blosc
from numcodecs.blosc import Blosc
from numcodecs.bz2 import BZ2
from numcodecs.gzip import GZip
from numcodecs.lzma import LZMA
from numcodecs.lz4 import LZ4
from numcodecs.zlib import Zlib
from numcodecs.zstd import Zstd

WORKLOADS = [
    ('blosc-lz4-shuffle', Blosc(cname='lz4', clevel=5, shuffle=Blosc.SHUFFLE)),
    ('blosc-lz4-bitshuffle', Blosc(cname='lz4', clevel=5, shuffle=Blosc.BITSHUFFLE)),
    ('blosc-zstd-shuffle', Blosc(cname='zstd', clevel=5, shuffle=Blosc.SHUFFLE)),
    ('blosc-zstd-bitshuffle', Blosc(cname='zstd', clevel=5, shuffle=Blosc.BITSHUFFLE)),
    ('zstd-3', Zstd(level=3)),
    ('lz4', LZ4()),
    ('zlib-1', Zlib(level=1)),
    ('bz2-1', BZ2(level=1)),
    ('lzma-1', LZMA(preset=1)),
    ('gzip-1', GZip(level=1)),
    ('zlib-0', Zlib(level=0)),
]
SIZES = [4096, 65536, 4 << 20, 16 << 20]


def measure(call):
    for _ in range(3):
        call()
    best = 0.0
    for _ in range(3):
        calls = 0
        start = time.perf_counter()
        while True:
            for _ in range(8):
                call()
            calls += 8
            elapsed = time.perf_counter() - start
            if elapsed >= 0.3:
                break
        best = max(best, calls / elapsed)
    return best


def run(impl, name, codec, data, size):
    encoded = codec.encode(data)
    out = np.empty_like(data)
    encode_rate = measure(lambda: codec.encode(data))
    decode_rate = measure(lambda: codec.decode(encoded, out=out))
    assert out.tobytes() == data.tobytes(), name
    for op, rate in (('encode', encode_rate), ('decode', decode_rate)):
        print(json.dumps({'impl': impl, 'workload': name, 'op': op, 'bytes': size,
                          'encoded_bytes': len(encoded), 'calls_per_second': round(rate, 1),
                          'mb_per_second': round(rate * size / 1e6, 1)}))


def main(sample_path):
    sample = np.fromfile(sample_path, dtype='<f4')
    for size in SIZES:
        data = sample[:size // 4]
        for name, codec in WORKLOADS:
            if size > 4 << 20 and not isinstance(codec, Blosc):
                continue  # 16 MiB: Blosc only, whose threads it is for
            blosc.use_threads = False
            run('numcodecs', name, codec, data, size)
            if isinstance(codec, Blosc):
                blosc.use_threads = None  # numcodecs' default
                run('numcodecs-default', name, codec, data, size)
    print(json.dumps({'impl': 'numcodecs', 'version': numcodecs.__version__}))


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
