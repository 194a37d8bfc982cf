#!/usr/bin/python3
"""zarr-python's side of the Zarr read comparison: the same stores and workloads as the NumCodecs and zarrita runners.

    /usr/bin/python3 benchmarks/compare/zarr_python_bench.py STORES_DIR [--http BASE_URL] [--threads 1,2,4]
        [--workloads whole-blosc,whole-zstd-sharded,minibatch-blosc,minibatch-sharded] [--repeat 3]

STORES_DIR holds whole-blosc.zarr, whole-zstd-sharded.zarr, matrix-blosc.zarr, matrix-sharded.zarr and rows.bin
(int32 row indices, 256 per batch). With --http the stores are opened as BASE_URL/<store name> through fsspec's HTTP
filesystem (aiohttp) instead of as directories, and only the minibatch workloads run unless --workloads names others.

Prints one JSON object per measurement on stdout, progress on stderr. Uses Debian's python3-zarr (zarr-python 2),
python3-numcodecs and python3-numpy; fsspec's HTTP filesystem needs python3-aiohttp.

Threading in the library itself: zarr-python 2 reads and decodes the chunks of one selection one after another in
the calling thread (a directory store has no getitems; over HTTP, FSStore.getitems fetches all the chunks of one
selection concurrently on fsspec's event-loop thread, then zarr decodes them in the calling thread). numcodecs' Blosc
decompresses with c-blosc's own thread pool (min(8, cores) threads) when called from the main thread, and with one
thread (blosc_decompress_ctx) from any other thread, so the whole reads use blosc threads and the minibatch workers
do not.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import subprocess
import sys
import threading
import time

import numpy as np
import zarr
from zarr.storage import DirectoryStore, FSStore, Store

IMPL = 'zarr-python'
WHOLE = {'whole-blosc': 'whole-blosc.zarr', 'whole-zstd-sharded': 'whole-zstd-sharded.zarr'}
MINIBATCH = {'minibatch-blosc': 'matrix-blosc.zarr', 'minibatch-sharded': 'matrix-sharded.zarr'}
ALL_WORKLOADS = list(WHOLE) + list(MINIBATCH)
WARMUP_BATCHES = 5


def log(message):
    print(f'zarr_python_bench: {message}', file=sys.stderr, flush=True)


class CountingStore(Store):
    """A read-only store that forwards to another and counts what it returns: one request and the value's length per
    key read, through __getitem__ or getitems (the latter only when the wrapped store has it, so that zarr takes the
    same path as it would without the wrapper). Keys that turn out to be missing count as requests of 0 bytes.
    zarr-python 2 reads whole chunk objects only (no partial reads unless partial_decompress, which is off)."""

    def __init__(self, inner):
        self._inner = inner
        self._lock = threading.Lock()
        self.bytes_read = 0
        self.requests = 0
        if hasattr(inner, 'getitems'):
            self.getitems = self._getitems

    def reset(self):
        with self._lock:
            self.bytes_read = 0
            self.requests = 0

    def _count(self, requests, nbytes):
        with self._lock:
            self.requests += requests
            self.bytes_read += nbytes

    def __getitem__(self, key):
        try:
            value = self._inner[key]
        except KeyError:
            self._count(1, 0)
            raise
        self._count(1, len(memoryview(value).cast('B')))
        return value

    def _getitems(self, keys, **kwargs):
        keys = list(keys)
        values = self._inner.getitems(keys, **kwargs)
        self._count(len(keys), sum(len(memoryview(v).cast('B')) for v in values.values()))
        return values

    def __contains__(self, key):
        return key in self._inner

    def __iter__(self):
        return iter(self._inner)

    def __len__(self):
        return len(self._inner)

    def keys(self):
        return self._inner.keys()

    def listdir(self, path=''):
        return self._inner.listdir(path)

    def is_writeable(self):
        return False

    def __setitem__(self, key, value):
        raise zarr.errors.ReadOnlyError()

    def __delitem__(self, key):
        raise zarr.errors.ReadOnlyError()


def open_store(args, name):
    if args.http:
        return FSStore(f'{args.http.rstrip("/")}/{name}', mode='r')
    return DirectoryStore(os.path.join(args.stores_dir, name))


# Run in a child process, because ZARR_V3_EXPERIMENTAL_API is read when zarr is imported. zarr-python 2.13's
# experimental v3 support implements the pre-release v3 draft (metadata under meta/root/), not the final layout.
V3_PROBE = '''
import sys
from zarr._storage.v3 import DirectoryStoreV3, FSStoreV3
import zarr
where = sys.argv[1]
store = FSStoreV3(where, mode="r") if "://" in where else DirectoryStoreV3(where)
z = zarr.open_array(store, mode="r", zarr_version=3)
print(z.shape, z.dtype)
'''


def short_error(error):
    text = f'{type(error).__name__}: {error}'
    # zarr's metadata errors quote the whole document; its first words say what went wrong.
    return text.split(' meta=')[0].split('\n')[0][:200]


def open_array(args, name):
    """The array opened through a CountingStore, or (None, reason) when zarr-python cannot open it."""
    counting = CountingStore(open_store(args, name))
    try:
        return zarr.open_array(store=counting, mode='r'), counting, None
    except Exception as error:  # noqa: BLE001 - any failure to open is reported, not hidden
        v2_error = short_error(error)
    where = f'{args.http.rstrip("/")}/{name}' if args.http else os.path.join(args.stores_dir, name)
    probe = subprocess.run([sys.executable, '-c', V3_PROBE, where], capture_output=True, text=True,
                           env={**os.environ, 'ZARR_V3_EXPERIMENTAL_API': '1'})
    if probe.returncode == 0:
        v3_result = f'opened it ({probe.stdout.strip()}) but this runner measures only through the v2 API'
    else:
        last = (probe.stderr.strip().splitlines() or ['no output'])[-1]
        v3_result = f'refuses it ({last.split(" meta=")[0][:200]})'
    reason = (f'zarr-python {zarr.__version__} cannot read this Zarr v3 sharding_indexed array: as Zarr v2 it finds '
              f'no .zarray ({v2_error}); its experimental v3 API (ZARR_V3_EXPERIMENTAL_API=1, the pre-release v3 '
              f'draft, no sharding_indexed codec) {v3_result}')
    return None, counting, reason


def emit(record):
    print(json.dumps(record), flush=True)


def skipped(workload, transport, threads, reason):
    emit({'impl': IMPL, 'workload': workload, 'transport': transport, 'threads': threads, 'skipped': reason})


def result(workload, transport, threads, seconds, result_bytes, rows_per_s, counting, sha256):
    emit({'impl': IMPL, 'version': zarr.__version__, 'workload': workload, 'transport': transport,
          'threads': threads, 'seconds': seconds, 'result_bytes': result_bytes, 'rows_per_s': rows_per_s,
          'bytes_read': counting.bytes_read, 'requests': counting.requests, 'sha256': sha256})


def le_c_bytes(array):
    """The array's values as raw little-endian C-order bytes (a view when they already are)."""
    return memoryview(np.ascontiguousarray(array, dtype=array.dtype.newbyteorder('<'))).cast('B')


def run_whole(args, workload, transport):
    z, counting, reason = open_array(args, WHOLE[workload])
    if z is None:
        log(f'{workload}: skipped')
        skipped(workload, transport, 1, reason)
        return
    log(f'{workload} ({transport}): shape {z.shape} {z.dtype}, chunks {z.chunks}; warm-up read')
    z[...]
    best = None
    counts = None
    last = None
    for i in range(args.repeat):
        last = None  # let the previous result go before the next one is allocated
        counting.reset()
        start = time.perf_counter()
        last = z[...]
        seconds = time.perf_counter() - start
        log(f'{workload}: read {i + 1}/{args.repeat}: {seconds:.3f} s')
        if best is None or seconds < best:
            best = seconds
        # Every read is the same, so any timed run's counts are the best run's.
        counts = (counting.bytes_read, counting.requests)
    counting.bytes_read, counting.requests = counts
    sha256 = hashlib.sha256(le_c_bytes(last)).hexdigest()
    result(workload, transport, 1, best, last.nbytes, None, counting, sha256)


def load_batches(args):
    rows = np.fromfile(os.path.join(args.stores_dir, 'rows.bin'), dtype='<i4')
    if rows.size == 0 or rows.size % 256 != 0:
        raise SystemExit(f'rows.bin holds {rows.size} indices, not a whole number of 256-row batches')
    return rows.reshape(-1, 256).astype(np.intp)


def run_batches(z, batches, indices, threads):
    """Reads batches[i] for each i of indices with `threads` workers (worker w gets indices[w::threads]); returns
    {i: result} and the wall time from submitting the work to the last worker finishing."""
    results = {}

    def work(mine):
        for i in mine:
            results[i] = z.oindex[batches[i], :]

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        start = time.perf_counter()
        futures = [pool.submit(work, indices[w::threads]) for w in range(threads)]
        for future in futures:
            future.result()
        seconds = time.perf_counter() - start
    return results, seconds


def run_minibatch(args, workload, transport, batches):
    z, counting, reason = open_array(args, MINIBATCH[workload])
    if z is None:
        log(f'{workload}: skipped')
        for threads in args.threads:
            skipped(workload, transport, threads, reason)
        return
    log(f'{workload} ({transport}): shape {z.shape} {z.dtype}, chunks {z.chunks}, {len(batches)} batches')
    n = len(batches)
    for threads in args.threads:
        # All workers share the one opened array. Warm-up: the first batches, through the same pool size.
        run_batches(z, batches, list(range(min(WARMUP_BATCHES, n))), threads)
        counting.reset()
        results, seconds = run_batches(z, batches, list(range(n)), threads)
        log(f'{workload}: {threads} thread(s): {seconds:.3f} s')
        digest = hashlib.sha256()
        result_bytes = 0
        for i in range(n):
            digest.update(le_c_bytes(results[i]))
            result_bytes += results[i].nbytes
        result(workload, transport, threads, seconds, result_bytes, n * batches.shape[1] / seconds, counting,
               digest.hexdigest())


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('stores_dir')
    parser.add_argument('--http', metavar='BASE_URL', help='open BASE_URL/<store> over HTTP instead of directories')
    parser.add_argument('--threads', default='1,2,4', help='worker counts for the minibatch workloads (default 1,2,4)')
    parser.add_argument('--workloads', help=f'comma-separated, of {",".join(ALL_WORKLOADS)} (default: all for '
                                            'files, the minibatch ones over HTTP)')
    parser.add_argument('--repeat', type=int, default=3, help='timed whole reads, best reported (default 3)')
    args = parser.parse_args()
    args.threads = [int(t) for t in args.threads.split(',') if t.strip()]
    if not args.threads or min(args.threads) < 1:
        parser.error('--threads needs positive integers')
    if args.repeat < 1:
        parser.error('--repeat must be at least 1')
    if args.workloads:
        args.workloads = [w.strip() for w in args.workloads.split(',') if w.strip()]
        unknown = [w for w in args.workloads if w not in ALL_WORKLOADS]
        if unknown:
            parser.error(f'unknown workloads {unknown}; known: {ALL_WORKLOADS}')
    else:
        args.workloads = list(MINIBATCH) if args.http else ALL_WORKLOADS
    return args


def main():
    args = parse_args()
    transport = 'http' if args.http else 'file'
    batches = None
    for workload in args.workloads:
        if workload in WHOLE:
            run_whole(args, workload, transport)
        else:
            if batches is None:
                batches = load_batches(args)
            run_minibatch(args, workload, transport, batches)


if __name__ == '__main__':
    main()
