// Helpers shared by write-fixtures.mjs and read.mjs: the CRC-32C checksum, the codecs that zarrita 0.7.5 can decode
// but not encode (so the writer lends it encoders), and reading a whole Zarr v3 array into C-order little-endian bytes.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { FileSystemStore } from "@zarrita/storage";
import { gunzipSync, gzipSync, unzlibSync, zlibSync } from "fflate";
import Blosc from "numcodecs/blosc";
import Zstd from "numcodecs/zstd";
import * as zarr from "zarrita";

// Every byte this directory writes or compares is little-endian, and typed arrays use the host's order.
if (os.endianness() !== "LE") {
	throw new Error("tests/zarrita needs a little-endian host");
}

// ---------------------------------------------------------------------------------------------------------------
// Data types

/** The typed array that holds each Zarr v3 data type zarrita supports here (bool as one byte, 0 or 1). */
export const TYPED_ARRAYS = {
	bool: Uint8Array,
	int8: Int8Array,
	uint8: Uint8Array,
	int16: Int16Array,
	uint16: Uint16Array,
	int32: Int32Array,
	uint32: Uint32Array,
	int64: BigInt64Array,
	uint64: BigUint64Array,
	float32: Float32Array,
	float64: Float64Array,
};

/** Strides, in elements, of a C-order (row-major) array of this shape. */
export function cStrides(shape) {
	const strides = new Array(shape.length);
	let step = 1;
	for (let d = shape.length - 1; d >= 0; d--) {
		strides[d] = step;
		step *= shape[d];
	}
	return strides;
}

export const product = (xs) => xs.reduce((a, b) => a * b, 1);

/** The bytes of a typed array (a view, not a copy). */
export const bytesOf = (typed) => Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);

// ---------------------------------------------------------------------------------------------------------------
// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as the Zarr v3 crc32c codec appends it

const CRC32C_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

export function crc32c(bytes) {
	let c = 0xffffffff;
	for (let i = 0; i < bytes.length; i++) c = CRC32C_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

// The catalogue's check value: a wrong table would otherwise go unnoticed until a fixture disagreed with NumCodecs.
if (crc32c(new TextEncoder().encode("123456789")) !== 0xe3069283) {
	throw new Error("crc32c self-test failed");
}

// ---------------------------------------------------------------------------------------------------------------
// Codecs, in the shape zarrita's registry expects: an entry is `() => Promise<Class>`, the class has
// `static fromConfig(configuration, chunkMeta)`, and its instances `kind`, `encode` and `decode` (bytes to bytes).

/** crc32c that checks the checksum when decoding (zarrita's own only drops the last 4 bytes) and can encode. */
export class Crc32cCodec {
	kind = "bytes_to_bytes";
	static fromConfig() {
		return new Crc32cCodec();
	}
	encode(bytes) {
		const out = new Uint8Array(bytes.length + 4);
		out.set(bytes);
		new DataView(out.buffer).setUint32(bytes.length, crc32c(bytes), true);
		return out;
	}
	decode(bytes) {
		if (bytes.length < 4) throw new Error(`crc32c: ${bytes.length} bytes cannot hold a checksum`);
		const body = bytes.subarray(0, bytes.length - 4);
		const stored = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(body.length, true);
		const actual = crc32c(body);
		if (stored !== actual) {
			const hex = (x) => `0x${x.toString(16).padStart(8, "0")}`;
			throw new Error(`crc32c: stored checksum ${hex(stored)} but the data's is ${hex(actual)}`);
		}
		return body;
	}
	// The sharding index reader asks every index codec how much it adds.
	computeEncodedSize(size) {
		return size + 4;
	}
}

/** gzip through fflate (numcodecs.js's deflate), with mtime 0 so that the same data always gives the same bytes. */
class GzipEncoder {
	kind = "bytes_to_bytes";
	constructor(level) {
		this.level = level;
	}
	static fromConfig(configuration) {
		return new GzipEncoder(configuration?.level ?? 6);
	}
	encode(bytes) {
		return gzipSync(bytes, { level: this.level, mtime: 0 });
	}
	decode(bytes) {
		return gunzipSync(bytes);
	}
}

/** zlib (RFC 1950) through fflate. */
class ZlibEncoder {
	kind = "bytes_to_bytes";
	constructor(level) {
		this.level = level;
	}
	static fromConfig(configuration) {
		return new ZlibEncoder(configuration?.level ?? 6);
	}
	encode(bytes) {
		return zlibSync(bytes, { level: this.level });
	}
	decode(bytes) {
		return unzlibSync(bytes);
	}
}

/**
 * numcodecs.js's Blosc, given the shuffle as the number it expects. Zarr v3 names it ("noshuffle", "shuffle",
 * "bitshuffle"), and zarrita 0.7.5 hands that string over unchanged, which the wasm module reads as 0: every chunk
 * comes out unshuffled. numcodecs.js has no typesize parameter either; its module always compresses with typesize 4.
 */
class BloscV3Codec {
	kind = "bytes_to_bytes";
	static SHUFFLES = { noshuffle: 0, shuffle: 1, bitshuffle: 2 };
	constructor(inner) {
		this.inner = inner;
	}
	static fromConfig(configuration) {
		const { shuffle } = configuration;
		const number = typeof shuffle === "string" ? BloscV3Codec.SHUFFLES[shuffle] : shuffle;
		if (number === undefined) throw new Error(`blosc: unknown shuffle ${JSON.stringify(shuffle)}`);
		return new BloscV3Codec(Blosc.fromConfig({ ...configuration, shuffle: number }));
	}
	encode(bytes) {
		return this.inner.encode(bytes);
	}
	decode(bytes) {
		return this.inner.decode(bytes);
	}
}

/** Registry entries that let zarrita write what it can only read, and write blosc's shuffle as configured. */
export const WRITING_CODECS = {
	gzip: GzipEncoder,
	zlib: ZlibEncoder,
	"numcodecs.zlib": ZlibEncoder,
	"numcodecs.gzip": GzipEncoder,
	crc32c: Crc32cCodec,
	blosc: BloscV3Codec,
};

/**
 * Runs fn with some of zarrita's registry entries replaced (name -> class), then puts the old entries back.
 * zarrita looks codecs up when a chunk is first encoded or decoded, so fn must do all its coding before it returns.
 */
export async function withCodecs(classes, fn) {
	const saved = new Map();
	for (const [name, Codec] of Object.entries(classes)) {
		saved.set(name, zarr.registry.get(name));
		zarr.registry.set(name, async () => Codec);
	}
	try {
		return await fn();
	} finally {
		for (const [name, entry] of saved) {
			if (entry) zarr.registry.set(name, entry);
			else zarr.registry.delete(name);
		}
	}
}

/** Encodes bytes with one bytes-to-bytes codec (those above, and zstd), for shards built by hand. */
export async function encodeBytes(codec, bytes) {
	const Codec = { ...WRITING_CODECS, zstd: Zstd }[codec.name];
	if (!Codec) throw new Error(`no encoder for codec ${codec.name}`);
	return new Uint8Array(await Codec.fromConfig(codec.configuration ?? {}).encode(bytes));
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/**
 * A store that serves a shard index from the start of the shard file. zarrita 0.7.5 ignores the sharding codec's
 * index_location and always asks for the index as the file's last N bytes (a suffix range request); the index
 * entries' offsets count from the start of the file either way, so only that request needs redirecting.
 */
function indexAtStartStore(store) {
	return {
		get: (key, options) => store.get(key, options),
		getRange: (key, range, options) =>
			"suffixLength" in range
				? store.getRange(key, { offset: 0, length: range.suffixLength }, options)
				: store.getRange(key, range, options),
	};
}

/**
 * Reads the Zarr v3 array whose zarr.json is in dir (a plain directory store) with zarrita.
 * Returns { metadata, bytes }: the parsed zarr.json, and the whole array's values in C order, little-endian, bool as
 * one byte 0 or 1. Options: strictCrc32c (default true) checks crc32c checksums instead of only dropping them;
 * indexAtStart (default true) serves index_location "start" shard indexes that zarrita alone would misread.
 */
export async function readArray(dir, { strictCrc32c = true, indexAtStart = true } = {}) {
	const metadataPath = path.join(dir, "zarr.json");
	const metadata = JSON.parse(fs.readFileSync(metadataPath, "utf8"));
	if (metadata.zarr_format !== 3 || metadata.node_type !== "array") {
		throw new Error(`${metadataPath} is not a Zarr v3 array`);
	}

	let store = new FileSystemStore(dir);
	const sharding = metadata.codecs?.find((c) => c.name === "sharding_indexed");
	if (indexAtStart && sharding?.configuration?.index_location === "start") {
		store = indexAtStartStore(store);
	}

	const read = async () => {
		const array = await zarr.open.v3(store, { kind: "array" });
		return toCOrderBytes(await zarr.get(array), array.dtype);
	};
	const bytes = strictCrc32c ? await withCodecs({ crc32c: Crc32cCodec }, read) : await read();
	return { metadata, bytes };
}

/** The values of a zarrita chunk ({ data, shape, stride }, any strides) as C-order little-endian bytes. */
export function toCOrderBytes({ data, shape, stride }, dtype) {
	const Typed = TYPED_ARRAYS[dtype];
	if (!Typed) throw new Error(`unsupported data type ${dtype}`);
	const n = product(shape);
	const out = new Typed(n);
	// zarrita returns bool data as its BoolArray, whose elements are read with get().
	const at = dtype === "bool" ? (i) => (data.get(i) ? 1 : 0) : (i) => data[i];

	const rank = shape.length;
	const index = new Array(rank).fill(0);
	let offset = 0;
	for (let k = 0; k < n; k++) {
		out[k] = at(offset);
		// Step the multi-index in C order, keeping offset = sum(index[d] * stride[d]).
		for (let d = rank - 1; d >= 0; d--) {
			index[d]++;
			offset += stride[d];
			if (index[d] < shape[d]) break;
			offset -= stride[d] * shape[d];
			index[d] = 0;
		}
	}
	return bytesOf(out);
}

/** A message for an error and the causes chained to it (zarrita wraps codec errors in CodecPipelineError). */
export function describeError(error) {
	const parts = [];
	for (let e = error; e; e = e.cause) {
		parts.push(e instanceof Error ? e.message : String(e));
		if (!(e instanceof Error)) break;
	}
	return parts.join(": ");
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks of C-order arrays

/**
 * Copies the block of src (C order, shape srcShape) that starts at start and has shape blockShape into a new typed
 * array of the same kind, in C order. Elements of the block outside src are set to fill (a value of the array's
 * element type: a number, or a bigint for 64-bit integers).
 */
export function copyBlock(src, srcShape, start, blockShape, fill) {
	const out = new src.constructor(product(blockShape));
	const srcStrides = cStrides(srcShape);
	const rank = blockShape.length;
	const index = new Array(rank).fill(0);
	for (let k = 0; k < out.length; k++) {
		let offset = 0;
		let inside = true;
		for (let d = 0; d < rank; d++) {
			const g = start[d] + index[d];
			if (g >= srcShape[d]) inside = false;
			offset += g * srcStrides[d];
		}
		out[k] = inside ? src[offset] : fill;
		for (let d = rank - 1; d >= 0; d--) {
			if (++index[d] < blockShape[d]) break;
			index[d] = 0;
		}
	}
	return out;
}

/** Writes block (C order, shape blockShape) into dst (C order, shape dstShape) at start, clipped to dst. */
export function pasteBlock(dst, dstShape, start, block, blockShape) {
	const dstStrides = cStrides(dstShape);
	const rank = blockShape.length;
	const index = new Array(rank).fill(0);
	for (let k = 0; k < block.length; k++) {
		let offset = 0;
		let inside = true;
		for (let d = 0; d < rank; d++) {
			const g = start[d] + index[d];
			if (g >= dstShape[d]) inside = false;
			offset += g * dstStrides[d];
		}
		if (inside) dst[offset] = block[k];
		for (let d = rank - 1; d >= 0; d--) {
			if (++index[d] < blockShape[d]) break;
			index[d] = 0;
		}
	}
}

/** All coordinates of a grid of this shape, in C order. */
export function* gridCoords(shape) {
	const n = product(shape);
	const index = new Array(shape.length).fill(0);
	for (let k = 0; k < n; k++) {
		yield index.slice();
		for (let d = shape.length - 1; d >= 0; d--) {
			if (++index[d] < shape[d]) break;
			index[d] = 0;
		}
	}
}

/** zarr.json text as zarrita writes it: two-space indents, NaN and the infinities as strings. */
export function metadataJson(metadata) {
	return JSON.stringify(
		metadata,
		(_key, value) => {
			if (typeof value !== "number" || Number.isFinite(value)) return value;
			return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
		},
		2,
	);
}
