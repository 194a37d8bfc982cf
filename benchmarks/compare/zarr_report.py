#!/usr/bin/python3
"""Markdown tables of the Zarr comparison (benchmarks/compare-zarr.sh) from the runners' JSON lines: throughput of
NumCodecs, zarr-python and zarrita per workload, transport and thread count, their ratios, the bytes each read, and
whether all three produced the same values (sha256 of the results). Exits 1 when the values disagree.

    /usr/bin/python3 benchmarks/compare/zarr_report.py RESULTS.jsonl
"""
import json
import sys

IMPLS = ['numcodecs-dotnet', 'zarr-python', 'zarrita']
NAMES = {'numcodecs-dotnet': 'NumCodecs', 'zarr-python': 'zarr-python', 'zarrita': 'zarrita'}


def throughput(record):
    if record.get('rows_per_s') is not None:
        return record['rows_per_s']
    return record['result_bytes'] / record['seconds'] / 1e9


def fmt(value, digits=0):
    return f'{value:,.{digits}f}'


def main(path):
    records = [json.loads(line) for line in open(path, encoding='utf-8') if line.strip()]
    versions = {r['impl']: r.get('version') for r in records if r.get('version')}
    keys = []
    by_key = {}
    for record in records:
        key = (record['workload'], record['transport'], record['threads'])
        if key not in by_key:
            keys.append(key)
            by_key[key] = {}
        by_key[key][record['impl']] = record

    print('Versions: ' + ', '.join(f'{NAMES[i]} {versions.get(i, "?")}' for i in IMPLS) + '.')
    print()
    print('| workload | transport | threads | unit | NumCodecs | zarr-python | zarrita | NumCodecs / zarr-python '
          '| NumCodecs / zarrita | MB read: NumCodecs | zarr-python | zarrita | NumCodecs read / needed blocks | same values |')
    print('| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |')
    mismatches = []
    for key in keys:
        row = by_key[key]
        ours = row.get('numcodecs-dotnet')
        minibatch = key[0].startswith('minibatch')
        unit = 'rows/s' if minibatch else 'GB/s'
        cells, ratios, reads = [], [], []
        for impl in IMPLS:
            record = row.get(impl)
            if record is None:
                cells.append('not run')
                reads.append('')
            elif 'skipped' in record:
                cells.append('n/a')
                reads.append('')
            else:
                cells.append(fmt(throughput(record), 0 if minibatch else 2))
                reads.append(fmt(record['bytes_read'] / 1e6) if record.get('bytes_read') is not None else '')
        for impl in IMPLS[1:]:
            record = row.get(impl)
            if ours and record and 'skipped' not in record and 'skipped' not in ours:
                ratios.append(fmt(throughput(ours) / throughput(record), 1) + 'x')
            else:
                ratios.append('')
        needed = ''
        if ours and ours.get('needed_block_bytes'):
            needed = fmt(ours['bytes_read'] / ours['needed_block_bytes'], 3)
        # A runner that measured fewer batches (zarrita: 10) is checked against NumCodecs' hash of as many batches.
        hashes = set()
        for record in row.values():
            if 'sha256' not in record:
                continue
            if ours and record is not ours and record.get('batches') == 10 and 'sha256_first_10' in ours:
                hashes.add(ours['sha256'] if record['sha256'] == ours['sha256_first_10'] else record['sha256'])
            else:
                hashes.add(record['sha256'])
        same = 'yes' if len(hashes) == 1 else 'NO'
        if len(hashes) > 1:
            mismatches.append(key)
        print(f'| {key[0]} | {key[1]} | {key[2]} | {unit} | ' + ' | '.join(cells) + ' | ' + ' | '.join(ratios) + ' | '
              + ' | '.join(reads) + f' | {needed} | {same} |')

    fewer = sorted({(r['impl'], r['batches']) for r in records if r.get('batches') not in (None, 100)})
    if fewer:
        print()
        for impl, batches in fewer:
            print(f'- {NAMES[impl]}: minibatch rates measured over the first {batches} of the 100 batches '
                  f'(its values checked against NumCodecs\' over the same batches).')
    skipped = sorted({(r['impl'], r['skipped']) for r in records if 'skipped' in r})
    if skipped:
        print()
        for impl, reason in skipped:
            print(f'- {NAMES[impl]}: {reason}')
    if mismatches:
        print()
        print('Values differ for: ' + ', '.join('/'.join(map(str, k)) for k in mismatches))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
