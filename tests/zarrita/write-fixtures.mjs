#!/usr/bin/env node
// Usage: node tests/zarrita/write-fixtures.mjs [outDir]        (outDir defaults to tests/fixtures/zarr-v3)
//
// Writes Zarr v3 arrays with zarrita 0.7.5, one plain directory store per case (<outDir>/<case>/zarr.json and its
// chunks at their default keys, c/0/1 ...), the whole array's values beside each as expected.bin (C order,
// little-endian, raw bytes; bool one byte 0 or 1), and <outDir>/cases.json describing every case. Each case is then
// read back with zarrita (as read.mjs reads) and the run fails if any value differs. The output is the same bytes on
// every run: values come from a fixed hash of each element's index, and gzip headers carry mtime 0.
//
// zarrita cannot encode everything it decodes; lib.mjs lends it encoders for gzip, zlib and crc32c, and turns blosc's
// shuffle names into the numbers numcodecs.js expects. sharding_indexed arrays it cannot write at all: those cases are
// built by hand (shards.mjs) and only read back with zarrita. README.md lists each of these.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { FileSystemStore } from "@zarrita/storage";
import * as zarr from "zarrita";

import {
	TYPED_ARRAYS,
	WRITING_CODECS,
	bytesOf,
	cStrides,
	copyBlock,
	crc32c,
	gridCoords,
	pasteBlock,
	product,
	readArray,
	withCodecs,
} from "./lib.mjs";
import { writeShardedArray } from "./shards.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(here, "..", "fixtures", "zarr-v3"));

// ---------------------------------------------------------------------------------------------------------------
// Deterministic values

/** A 32-bit integer hash (the finaliser of a well-mixed multiply-xorshift), so values do not depend on the run. */
function mix32(x) {
	x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
	x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
	return (x ^ (x >>> 16)) >>> 0;
}
const hash = (seed, i) => mix32(mix32(seed) ^ Math.imul(i, 0x9e3779b9));

const RUN = 24;

/**
 * n values of a data type, in runs of 24 elements: a quarter of the runs repeat one value (compressible), a quarter
 * are ramps (small steps, where shuffles help), the rest are noise (with options.compressible, mostly repeats).
 * Integer types get their minimum, maximum and -1 (all bits set); floating-point types NaN, both infinities, -0, the
 * smallest subnormal and the largest finite value.
 */
function makeValues(dtype, n, seed, { compressible = false } = {}) {
	const out = new TYPED_ARRAYS[dtype](n);
	const isFloat = dtype.startsWith("float");
	const isBig = dtype.endsWith("int64");
	for (let i = 0; i < n; i++) {
		const run = Math.floor(i / RUN);
		const pos = i % RUN;
		// compressible: three quarters of the runs repeat a value, an eighth are ramps, an eighth noise.
		const k = hash(seed + 1, run) % 8;
		const kind = compressible ? [0, 0, 0, 0, 0, 0, 1, 2][k] : k % 4;
		const u = kind === 0 ? hash(seed + 2, run) : hash(seed, i);
		const base = hash(seed + 3, run) & 0xff;
		if (dtype === "bool") {
			out[i] = kind === 1 ? Number(pos % 3 === 0) : u & 1;
		} else if (isFloat) {
			// Multiples of 1/256 below 2^12 in magnitude, and of 1/8 on the ramps: exact in float32 too.
			out[i] = kind === 1 ? (base + pos) * 0.125 : ((u % 2000001) - 1000000) / 256;
		} else if (isBig) {
			out[i] = kind === 1 ? BigInt(base + 3 * pos) : (BigInt(u) << 32n) | BigInt(hash(seed + 4, i));
		} else {
			// Typed arrays keep the low bits of what is stored, so this covers every bit of the type.
			out[i] = kind === 1 ? base + 3 * pos : u;
		}
	}
	const put = (i, v) => {
		if (i < n) out[i] = v;
	};
	if (isFloat) {
		const f32 = dtype === "float32";
		[NaN, Infinity, -Infinity, -0, f32 ? 2 ** -149 : Number.MIN_VALUE, f32 ? 3.4028234663852886e38 : Number.MAX_VALUE]
			.forEach((v, k) => put(3 + 7 * k, v));
	} else if (dtype !== "bool") {
		const bits = 8 * out.BYTES_PER_ELEMENT;
		const signed = dtype.startsWith("int");
		if (isBig) {
			put(1, signed ? -(2n ** 63n) : 0n);
			put(n - 1, signed ? 2n ** 63n - 1n : 2n ** 64n - 1n);
			put(n - 2, signed ? -1n : 2n ** 64n - 1n);
		} else {
			put(1, signed ? -(2 ** (bits - 1)) : 0);
			put(n - 1, signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1);
			put(n - 2, -1);
		}
	}
	return out;
}

/** A fill value (as written in zarr.json) as an element of the data type's typed array. */
function fillElement(dtype, fillValue) {
	if (dtype === "bool") return fillValue ? 1 : 0;
	if (dtype.endsWith("int64")) return BigInt(fillValue);
	if (typeof fillValue === "string") return { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity }[fillValue];
	return fillValue;
}

// ---------------------------------------------------------------------------------------------------------------
// Cases

const LE = { name: "bytes", configuration: { endian: "little" } };
const BE = { name: "bytes", configuration: { endian: "big" } };
const transpose = (order) => ({ name: "transpose", configuration: { order } });
const gzip = (level) => ({ name: "gzip", configuration: { level } });
const zlib = (name, level) => ({ name, configuration: { level } });
const zstd = (level) => ({ name: "zstd", configuration: { level, checksum: false } });
const blosc = (cname, shuffle, typesize) => ({
	name: "blosc",
	configuration: { cname, clevel: 5, shuffle, typesize, blocksize: 0 },
});
const CRC32C = { name: "crc32c" };

const DTYPES = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64", "bool"];
const SHAPE_2D = { shape: [20, 30], chunkShape: [8, 16] }; // 3 x 2 chunks, the last row and column of them partial

/**
 * The cases zarrita writes. Fields: name, dtype, shape, chunkShape, codecs, fillValue (as in zarr.json), optional
 * chunkSeparator, writtenChunks (chunk coordinates to write; the others are never written), stockBlosc (use zarrita's
 * own blosc entry, which drops the shuffle), compressible (mostly repeated values), note (copied to cases.json).
 */
const CASES = [
	// Each data type with the bytes codec alone. 1-byte types: zarrita writes the codec's configuration as given, so
	// int8 has none at all, bool an empty one and uint8 an endian that does not matter.
	...DTYPES.map((dtype) => ({
		name: `bytes_${dtype}`,
		dtype,
		...SHAPE_2D,
		codecs: [dtype === "int8" ? { name: "bytes" } : dtype === "bool" ? { name: "bytes", configuration: {} } : LE],
		fillValue: dtype === "bool" ? false : 0,
	})),
	...["int16", "int32", "int64", "float64"].map((dtype) => ({
		name: `bytes_big_${dtype}`,
		dtype,
		...SHAPE_2D,
		codecs: [BE],
		fillValue: 0,
	})),

	// transpose before bytes.
	{ name: "transpose_2d_int32", dtype: "int32", ...SHAPE_2D, codecs: [transpose([1, 0]), LE], fillValue: 0 },
	{
		name: "transpose_3d_float32",
		dtype: "float32",
		shape: [6, 10, 12],
		chunkShape: [4, 5, 8],
		codecs: [transpose([2, 0, 1]), LE],
		fillValue: 0,
	},
	{
		name: "transpose_3d_big_gzip_uint16",
		dtype: "uint16",
		shape: [6, 10, 12],
		chunkShape: [4, 5, 8],
		codecs: [transpose([1, 2, 0]), BE, gzip(5)],
		fillValue: 0,
	},

	// Compressors, on 40 x 50 arrays in 16 x 16 chunks (3 x 4 chunks, edges in both dimensions).
	...[
		["gzip_int32", "int32", [LE, gzip(5)]],
		["zlib_int32", "int32", [LE, zlib("zlib", 5)]],
		["numcodecs_zlib_float32", "float32", [LE, zlib("numcodecs.zlib", 5)]],
		["blosc_lz4_shuffle_int32", "int32", [LE, blosc("lz4", "shuffle", 4)]],
		["blosc_zstd_bitshuffle_float32", "float32", [LE, blosc("zstd", "bitshuffle", 4)]],

		["zstd_int64", "int64", [LE, zstd(3)]],
		["zstd_float64", "float64", [LE, zstd(3)]],
		["crc32c_float32", "float32", [LE, CRC32C]],
		["gzip_crc32c_int16", "int16", [LE, gzip(5), CRC32C]],
		["blosc_crc32c_uint16", "uint16", [BE, blosc("lz4", "shuffle", 4), CRC32C]],
	].map(([name, dtype, codecs]) => ({ name, dtype, shape: [40, 50], chunkShape: [16, 16], codecs, fillValue: 0 })),
	{
		// Mostly repeated values: blosclz without a shuffle stores the noisier data uncompressed (memcpyed).
		name: "blosc_blosclz_noshuffle_uint32",
		dtype: "uint32",
		shape: [40, 50],
		chunkShape: [16, 16],
		codecs: [LE, blosc("blosclz", "noshuffle", 4)],
		fillValue: 0,
		compressible: true,
	},
	{
		name: "blosc_lz4_shuffle_typesize8_float64",
		dtype: "float64",
		shape: [40, 50],
		chunkShape: [16, 16],
		codecs: [LE, blosc("lz4", "shuffle", 8)],
		fillValue: 0,
		note: "numcodecs.js's blosc always compresses with typesize 4: the chunks' blosc headers say 4, zarr.json says 8",
	},
	{
		name: "blosc_lz4_shuffle_stock_int32",
		dtype: "int32",
		shape: [40, 50],
		chunkShape: [16, 16],
		codecs: [LE, blosc("lz4", "shuffle", 4)],
		fillValue: 0,
		stockBlosc: true,
		note:
			"written through zarrita's own blosc entry, which passes the shuffle name where numcodecs.js wants a " +
			"number: zarr.json says shuffle, the chunks are not shuffled",
	},

	// Shapes.
	...[
		["shape_1d_int32", "int32", [1000], [128], [LE, blosc("lz4", "shuffle", 4)]],
		["shape_3d_uint16", "uint16", [10, 12, 14], [4, 5, 6], [LE, gzip(5)]],
		["shape_single_chunk_float64", "float64", [7, 9], [7, 9], [LE]],
	].map(([name, dtype, shape, chunkShape, codecs]) => ({ name, dtype, shape, chunkShape, codecs, fillValue: 0 })),
	{
		name: "chunk_key_dot_separator_int32",
		dtype: "int32",
		...SHAPE_2D,
		codecs: [LE],
		fillValue: 0,
		chunkSeparator: ".",
	},

	// Chunks never written, which read as the fill value.
	{
		name: "missing_chunks_int16_fill7",
		dtype: "int16",
		shape: [24, 37],
		chunkShape: [8, 8],
		codecs: [LE, zstd(3)],
		fillValue: 7,
		writtenChunks: [[0, 0], [0, 2], [1, 1], [1, 4], [2, 0], [2, 3]],
	},
	{
		name: "missing_chunks_float64_fill_neg1_5",
		dtype: "float64",
		...SHAPE_2D,
		codecs: [LE, gzip(5)],
		fillValue: -1.5,
		writtenChunks: [[0, 0], [2, 1]],
	},
	{
		name: "missing_chunks_float32_fill_nan",
		dtype: "float32",
		...SHAPE_2D,
		codecs: [LE, blosc("lz4", "shuffle", 4)],
		fillValue: NaN,
		writtenChunks: [[1, 0], [1, 1]],
	},
	{
		name: "missing_chunks_uint64_fill_max32",
		dtype: "uint64",
		...SHAPE_2D,
		codecs: [LE],
		fillValue: 4294967295,
		writtenChunks: [[0, 1], [2, 0]],
	},
	{
		name: "missing_chunks_bool_fill_true",
		dtype: "bool",
		...SHAPE_2D,
		codecs: [{ name: "bytes", configuration: {} }, gzip(5)],
		fillValue: true,
		writtenChunks: [[0, 0], [1, 1], [2, 0]],
	},
];

/** Sharded cases, built by hand (shards.mjs) since zarrita cannot write them. */
const SHARDED_CASES = [
	{
		name: "sharded_index_end_int32",
		dtype: "int32",
		shape: [14, 20],
		shardShape: [8, 10],
		innerShape: [4, 5],
		innerCodecs: [LE, blosc("lz4", "shuffle", 4)],
		indexCodecs: [LE, CRC32C],
		indexLocation: "end",
		fillValue: 0,
		emptyInner: [[0, 1], [3, 0], [2, 3]],
		absentShards: [[1, 1]],
	},
	{
		name: "sharded_index_start_float32",
		dtype: "float32",
		shape: [16, 12],
		shardShape: [8, 12],
		innerShape: [4, 4],
		innerCodecs: [LE, blosc("zstd", "bitshuffle", 4)],
		indexCodecs: [LE, CRC32C],
		indexLocation: "start",
		fillValue: -1.5,
		emptyInner: [[1, 1], [2, 0], [2, 2]],
		absentShards: [],
		reverseLayout: true,
	},
	{
		name: "sharded_index_end_no_crc_3d_uint16",
		dtype: "uint16",
		shape: [10, 8, 6],
		shardShape: [5, 8, 6],
		innerShape: [5, 4, 3],
		innerCodecs: [LE, gzip(5)],
		indexCodecs: [LE],
		indexLocation: "end",
		fillValue: 7,
		emptyInner: [[1, 0, 1]],
		absentShards: [],
	},
	{
		name: "sharded_index_start_1d_big_int64",
		dtype: "int64",
		shape: [9],
		shardShape: [6],
		innerShape: [2],
		innerCodecs: [BE, zstd(3)],
		indexCodecs: [LE, CRC32C],
		indexLocation: "start",
		fillValue: -1,
		emptyInner: [[1]],
		absentShards: [],
		reverseLayout: true,
	},
];

// ---------------------------------------------------------------------------------------------------------------
// Writing

/** The files of a case directory other than zarr.json and expected.bin, as store keys, sorted. */
function chunkKeysIn(dir) {
	const keys = [];
	const walk = (sub) => {
		for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
			const key = sub ? `${sub}/${entry.name}` : entry.name;
			if (entry.isDirectory()) walk(key);
			else if (key !== "zarr.json" && key !== "expected.bin") keys.push(key);
		}
	};
	walk("");
	return keys.sort();
}

/** zarrita's chunk value: its BoolArray for bool, the typed array otherwise. */
function zarritaChunk(dtype, data, shape) {
	const view = dtype === "bool" ? new zarr.BoolArray(data.buffer, data.byteOffset, data.length) : data;
	return { data: view, shape, stride: cStrides(shape) };
}

async function writeZarritaCase(dir, c, seed) {
	const values = makeValues(c.dtype, product(c.shape), seed, { compressible: c.compressible });
	const fill = fillElement(c.dtype, c.fillValue);
	const store = new FileSystemStore(dir);
	let expected = values;

	const encoders = { ...WRITING_CODECS };
	if (c.stockBlosc) delete encoders.blosc;
	await withCodecs(encoders, async () => {
		const array = await zarr.create(store, {
			shape: c.shape,
			chunkShape: c.chunkShape,
			dtype: c.dtype,
			codecs: c.codecs,
			fillValue: c.fillValue,
			...(c.chunkSeparator ? { chunkSeparator: c.chunkSeparator } : {}),
		});
		if (!c.writtenChunks) {
			await zarr.set(array, null, zarritaChunk(c.dtype, values, c.shape));
			return;
		}
		// Only the listed chunks, each set on its own region (clipped to the array), so the others are never written.
		expected = new values.constructor(values.length).fill(fill);
		for (const coord of c.writtenChunks) {
			const start = coord.map((x, d) => x * c.chunkShape[d]);
			const size = start.map((s, d) => Math.min(c.chunkShape[d], c.shape[d] - s));
			const block = copyBlock(values, c.shape, start, size, fill);
			pasteBlock(expected, c.shape, start, block, size);
			const selection = start.map((s, d) => zarr.slice(s, s + size[d]));
			await zarr.set(array, selection, zarritaChunk(c.dtype, block, size));
		}
	});
	checkFirstChunkLayout(dir, c, expected);
	return expected;
}

/**
 * For cases whose codecs are only transpose, bytes and crc32c, checks the chunk at the grid's origin against the
 * specification's encoding computed here, so that those fixtures are right by the spec and not only by zarrita.
 */
function checkFirstChunkLayout(dir, c, expected) {
	if (!c.codecs.every((codec) => ["transpose", "bytes", "crc32c"].includes(codec.name))) return;
	const key = ["c", ...c.chunkShape.map(() => 0)].join(c.chunkSeparator ?? "/");
	const file = path.join(dir, ...key.split("/"));
	if (!fs.existsSync(file)) return;

	let block = copyBlock(expected, c.shape, c.chunkShape.map(() => 0), c.chunkShape, fillElement(c.dtype, c.fillValue));
	let shape = c.chunkShape;
	let bytes;
	for (const codec of c.codecs) {
		if (codec.name === "transpose") {
			// Encoded axis k is decoded axis order[k]; the result is stored in C order.
			const order = codec.configuration.order;
			const encodedShape = order.map((axis) => shape[axis]);
			const strides = cStrides(shape);
			const permuted = new block.constructor(block.length);
			let k = 0;
			for (const e of gridCoords(encodedShape)) {
				permuted[k++] = block[e.reduce((acc, x, j) => acc + x * strides[order[j]], 0)];
			}
			block = permuted;
			shape = encodedShape;
		} else if (codec.name === "bytes") {
			bytes = Buffer.from(bytesOf(block));
			if (codec.configuration?.endian === "big") {
				({ 1: () => {}, 2: () => bytes.swap16(), 4: () => bytes.swap32(), 8: () => bytes.swap64() })[
					block.BYTES_PER_ELEMENT
				]();
			}
		} else {
			bytes = Buffer.concat([bytes, Buffer.alloc(4)]);
			bytes.writeUInt32LE(crc32c(bytes.subarray(0, bytes.length - 4)), bytes.length - 4);
		}
	}
	if (!bytes.equals(fs.readFileSync(file))) {
		throw new Error(`${c.name}: ${key} is not the specification's encoding of its values`);
	}
}

async function main() {
	if (fs.existsSync(outDir)) {
		// Only a directory this script made (or an empty one) is replaced.
		if (fs.readdirSync(outDir).length > 0 && !fs.existsSync(path.join(outDir, "cases.json"))) {
			throw new Error(`${outDir} exists and has no cases.json; not replacing it`);
		}
		fs.rmSync(outDir, { recursive: true });
	}
	fs.mkdirSync(outDir, { recursive: true });

	const listing = [];
	let seed = 1;
	for (const c of CASES) {
		const dir = path.join(outDir, c.name);
		const expected = await writeZarritaCase(dir, c, seed++);
		fs.writeFileSync(path.join(dir, "expected.bin"), bytesOf(expected));
		const entry = await describe(dir, c.name, "zarrita 0.7.5", expected);
		if (c.note) entry.note = c.note;
		listing.push(entry);
	}

	for (const s of SHARDED_CASES) {
		const dir = path.join(outDir, s.name);
		const fill = fillElement(s.dtype, s.fillValue);
		const values = makeValues(s.dtype, product(s.shape), seed++);
		// Elements of inner chunks left out, and of shards not written, read as the fill value.
		const isEmptyInner = (g) => s.emptyInner.some((e) => e.every((x, d) => x === g[d]));
		for (const g of s.emptyInner) {
			const start = g.map((x, d) => x * s.innerShape[d]);
			pasteBlock(values, s.shape, start, new values.constructor(product(s.innerShape)).fill(fill), s.innerShape);
		}
		for (const a of s.absentShards) {
			const start = a.map((x, d) => x * s.shardShape[d]);
			pasteBlock(values, s.shape, start, new values.constructor(product(s.shardShape)).fill(fill), s.shardShape);
		}
		const { emptyInnerChunks } = await writeShardedArray(dir, { ...s, fill, values, isEmptyInner });
		fs.writeFileSync(path.join(dir, "expected.bin"), bytesOf(values));
		const entry = await describe(dir, s.name, "by hand (tests/zarrita/shards.mjs)", values);
		entry.empty_inner_chunks = emptyInnerChunks;
		if (s.reverseLayout) entry.note = "inner chunks are stored back to front in each shard file";

		// What zarrita alone makes of it, without read.mjs's checks and index placement.
		const stock = await readArray(dir, { strictCrc32c: false, indexAtStart: false }).then(
			({ bytes }) => (bytes.equals(bytesOf(values)) ? "right values" : "WRONG values"),
			(error) => `error: ${error.message}`,
		);
		console.log(`${s.name}: zarrita alone reads ${stock}`);
		listing.push(entry);
	}

	fs.writeFileSync(path.join(outDir, "cases.json"), `${JSON.stringify(listing, null, 2)}\n`);
	console.log(`wrote ${listing.length} cases to ${outDir}`);
}

/** Reads a case back with zarrita (failing on any difference) and returns its cases.json entry. */
async function describe(dir, name, writer, expected) {
	const { metadata, bytes } = await readArray(dir);
	if (!bytes.equals(bytesOf(expected))) {
		throw new Error(`${name}: zarrita reads other values than were written`);
	}
	return {
		name,
		writer,
		data_type: metadata.data_type,
		shape: metadata.shape,
		chunk_shape: metadata.chunk_grid.configuration.chunk_shape,
		chunk_key_encoding: metadata.chunk_key_encoding,
		codecs: metadata.codecs,
		fill_value: metadata.fill_value,
		chunk_keys: chunkKeysIn(dir),
	};
}

await main();
