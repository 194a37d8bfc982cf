#!/usr/bin/env node
// Usage: node tests/zarrita/read.mjs <arrayDir> <out.bin>
//
// Opens the Zarr v3 array whose zarr.json is in arrayDir (a plain directory store) with zarrita, reads all of it,
// writes its values to out.bin (C order, little-endian, raw bytes; bool as one byte 0 or 1) and prints one JSON line
// {"data_type":...,"shape":[...],"codecs":[...]} taken from the array's metadata. Missing chunks, missing shards and
// empty inner chunks read as the fill value. On any error it prints the message to stderr and exits with status 1.
//
// Two things differ from zarrita alone (lib.mjs says why): crc32c checksums are checked, and a shard index at the
// start of the shard (index_location "start") is found there.

import fs from "node:fs";

import { describeError, readArray } from "./lib.mjs";

async function main(args) {
	if (args.length !== 2) {
		throw new Error("usage: node tests/zarrita/read.mjs <arrayDir> <out.bin>");
	}
	const [arrayDir, outPath] = args;
	const { metadata, bytes } = await readArray(arrayDir);
	fs.writeFileSync(outPath, bytes);
	const summary = { data_type: metadata.data_type, shape: metadata.shape, codecs: metadata.codecs };
	process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main(process.argv.slice(2)).catch((error) => {
	process.stderr.write(`${describeError(error)}\n`);
	process.exit(1);
});
