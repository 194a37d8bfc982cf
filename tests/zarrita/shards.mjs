// Builds sharding_indexed arrays by hand, following the Zarr v3 sharding codec's specification, because zarrita 0.7.5
// can read them but not write them (zarr.set throws "Unsupported: set on sharded arrays").
//
// A shard file holds its inner chunks, each encoded by the sharding codec's inner codecs, and an index: for every inner
// chunk, in C order over the shard's grid of inner chunks, a little-endian uint64 pair (offset of its bytes from the
// start of the shard file, number of bytes), both 2^64-1 for an inner chunk that is not stored (it reads as the fill
// value). The index is encoded by index_codecs (bytes, then usually crc32c, which appends a little-endian CRC-32C of
// what precedes it) and placed at the end of the shard file or, with index_location "start", at its beginning.

import fs from "node:fs";
import path from "node:path";

import { bytesOf, copyBlock, encodeBytes, gridCoords, metadataJson } from "./lib.mjs";

const EMPTY = 0xffffffffffffffffn;

/** Inner chunk bytes through the array-to-bytes "bytes" codec and the bytes-to-bytes codecs after it. */
async function encodeInner(codecs, block) {
	const [first, ...rest] = codecs;
	if (first.name !== "bytes") throw new Error(`hand-built shards support only bytes first, not ${first.name}`);
	let bytes = Buffer.from(bytesOf(block));
	if (first.configuration?.endian === "big" && block.BYTES_PER_ELEMENT > 1) {
		({ 2: () => bytes.swap16(), 4: () => bytes.swap32(), 8: () => bytes.swap64() })[block.BYTES_PER_ELEMENT]();
	}
	let out = new Uint8Array(bytes);
	for (const codec of rest) out = await encodeBytes(codec, out);
	return out;
}

/**
 * Writes a sharded array into dir. spec: { dtype, shape, shardShape, innerShape, innerCodecs, indexCodecs,
 * indexLocation ("start" or "end"), fillValue (as written in zarr.json), fill (the same as an element value),
 * values (the whole array, C order; inner chunks to be left out must already hold the fill value there),
 * isEmptyInner(globalInnerCoord) -> bool, absentShards (shard coordinates whose file is not written),
 * reverseLayout (store inner chunks back to front, so that readers must follow the offsets) }.
 * Returns { chunkKeys, emptyInnerChunks }: the shard files written, and per file the local coordinates of the inner
 * chunks it leaves out.
 */
export async function writeShardedArray(dir, spec) {
	const { shape, shardShape, innerShape, indexCodecs } = spec;
	if (indexCodecs[0]?.name !== "bytes" || indexCodecs[0].configuration?.endian !== "little") {
		throw new Error("hand-built shard indexes start with the bytes codec, little-endian");
	}
	const indexShape = shardShape.map((s, d) => {
		if (s % innerShape[d] !== 0) throw new Error("the shard shape must be a multiple of the inner chunk shape");
		return s / innerShape[d];
	});
	const shardGrid = shape.map((s, d) => Math.ceil(s / shardShape[d]));
	const isAbsent = (coord) => spec.absentShards.some((a) => a.every((x, d) => x === coord[d]));

	const metadata = {
		zarr_format: 3,
		node_type: "array",
		shape,
		data_type: spec.dtype,
		chunk_grid: { name: "regular", configuration: { chunk_shape: shardShape } },
		chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
		codecs: [
			{
				name: "sharding_indexed",
				configuration: {
					chunk_shape: innerShape,
					codecs: spec.innerCodecs,
					index_codecs: indexCodecs,
					index_location: spec.indexLocation,
				},
			},
		],
		fill_value: spec.fillValue,
		attributes: {},
	};
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, "zarr.json"), metadataJson(metadata));

	const chunkKeys = [];
	const emptyInnerChunks = {};
	for (const shardCoord of gridCoords(shardGrid)) {
		if (isAbsent(shardCoord)) continue;
		const key = ["c", ...shardCoord].join("/");

		// Encode the inner chunks that are stored; null marks the others.
		const encoded = [];
		const empty = [];
		for (const local of gridCoords(indexShape)) {
			const global = local.map((x, d) => shardCoord[d] * indexShape[d] + x);
			const start = global.map((x, d) => x * innerShape[d]);
			// An inner chunk wholly past the array's end (in an edge shard) is never stored.
			if (spec.isEmptyInner(global) || start.some((s, d) => s >= shape[d])) {
				encoded.push(null);
				empty.push(local);
				continue;
			}
			encoded.push(await encodeInner(spec.innerCodecs, copyBlock(spec.values, shape, start, innerShape, spec.fill)));
		}

		// The raw index's size is fixed, and so is what index_codecs add to it (crc32c's 4 bytes), so the inner
		// chunks' offsets are known before the index is encoded.
		const index = new BigUint64Array(encoded.length * 2);
		let indexBytes = await encodeIndex(indexCodecs, index);
		const base = spec.indexLocation === "start" ? indexBytes.length : 0;
		const order = encoded.map((_, i) => i);
		if (spec.reverseLayout) order.reverse();
		let offset = base;
		const payload = [];
		for (const i of order) {
			if (encoded[i] === null) {
				index[2 * i] = EMPTY;
				index[2 * i + 1] = EMPTY;
				continue;
			}
			index[2 * i] = BigInt(offset);
			index[2 * i + 1] = BigInt(encoded[i].length);
			payload.push(encoded[i]);
			offset += encoded[i].length;
		}
		indexBytes = await encodeIndex(indexCodecs, index);
		const parts = spec.indexLocation === "start" ? [indexBytes, ...payload] : [...payload, indexBytes];

		const file = path.join(dir, ...key.split("/"));
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, Buffer.concat(parts));
		chunkKeys.push(key);
		if (empty.length > 0) emptyInnerChunks[key] = empty;
	}
	return { chunkKeys, emptyInnerChunks };
}

async function encodeIndex(indexCodecs, index) {
	let bytes = new Uint8Array(bytesOf(index));
	for (const codec of indexCodecs.slice(1)) bytes = await encodeBytes(codec, bytes);
	return bytes;
}
