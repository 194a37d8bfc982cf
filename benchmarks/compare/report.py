#!/usr/bin/python3
"""Merges the JSON lines of the three implementations into one table of throughput per workload with the ratios
ours/C and ours/reference, printed as GitHub markdown. For Blosc, two more pairs: numcodecs with its default threads
(ours/numcodecs-default) and ours on one thread (ours/ours-1-thread, the gain from spreading blocks over cores).

    python3 benchmarks/compare/report.py c.jsonl csharp.jsonl numcodecs.jsonl
"""
import json
import sys


def load(paths):
    rows = {}
    for path in paths:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line.startswith('{'):
                    continue
                row = json.loads(line)
                if 'workload' in row:
                    rows[(row['impl'], row['workload'], row['op'], row['bytes'])] = row
    return rows


def size_label(n):
    return '{} MiB'.format(n >> 20) if n >= 1 << 20 else '{} KiB'.format(n >> 10)


def main(paths):
    rows = load(paths)
    keys = sorted({k[1:] for k in rows if k[0] == 'csharp'}, key=lambda k: (k[2], k[0], k[1]))
    print('| workload | size | op | C (MB/s) | C# (MB/s) | numcodecs (MB/s) | C# / C | C# / numcodecs | C / numcodecs (ceiling) '
          '| numcodecs default threads (MB/s) | C# / numcodecs default | C# 1 thread (MB/s) | C# / C# 1 thread '
          '| C# calls/s | C# alloc/call |')
    print('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for workload, op, size in keys:
        ours = rows[('csharp', workload, op, size)]
        c = rows.get(('c', workload, op, size))
        ref = rows.get(('numcodecs', workload, op, size))
        ref_default = rows.get(('numcodecs-default', workload, op, size))
        single = rows.get(('csharp-1-thread', workload, op, size))

        def mbs(row):
            return '{:,.0f}'.format(row['mb_per_second']) if row else '-'

        def ratio(row):
            return '{:.2f}'.format(ours['calls_per_second'] / row['calls_per_second']) if row else '-'

        ceiling = '{:.2f}'.format(c['calls_per_second'] / ref['calls_per_second']) if c and ref else '-'
        print('| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:,.0f} | {} B |'.format(
            workload, size_label(size), op, mbs(c), mbs(ours), mbs(ref), ratio(c), ratio(ref), ceiling,
            mbs(ref_default), ratio(ref_default), mbs(single), ratio(single),
            ours['calls_per_second'], ours.get('allocated_bytes_per_call', '-')))


def peers(paths):
    """The zlib and gzip rows against .NET's ZLibStream/GZipStream and libdeflate's own C decoding (the ceiling)."""
    rows = load(paths)
    keys = sorted({k[1:] for k in rows if k[0] == 'bcl'}, key=lambda k: (k[2], k[0], k[1]))
    print()
    print('zlib and gzip against .NET\'s ZLibStream/GZipStream (zlib-ng; encode at their nearest level, so the bytes '
          'differ) and libdeflate called from C:')
    print()
    print('| workload | size | op | C# (MB/s) | ZLibStream/GZipStream (MB/s) | C# / BCL | libdeflate from C (MB/s) | C# / libdeflate |')
    print('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |')
    for workload, op, size in keys:
        ours = rows[('csharp', workload, op, size)]
        bcl = rows[('bcl', workload, op, size)]
        fast = rows.get(('libdeflate', workload, op, size))

        def mbs(row):
            return '{:,.0f}'.format(row['mb_per_second']) if row else '-'

        def ratio(row):
            return '{:.2f}'.format(ours['calls_per_second'] / row['calls_per_second']) if row else '-'

        print('| {} | {} | {} | {} | {} | {} | {} | {} |'.format(
            workload, size_label(size), op, mbs(ours), mbs(bcl), ratio(bcl), mbs(fast), ratio(fast)))


if __name__ == '__main__':
    main(sys.argv[1:])
    peers(sys.argv[1:])
