#!/usr/bin/env node
// zarrita's side of the Zarr read comparison: the same stores and workloads as the NumCodecs and zarr-python runners.
//
//   node benchmarks/compare/zarrita_bench.mjs STORES_DIR [--http BASE_URL] [--threads 1,2,4]
//       [--workloads whole-blosc,whole-zstd-sharded,minibatch-blosc,minibatch-sharded] [--repeat 3] [--batches 100]
//
// STORES_DIR holds whole-blosc.zarr, whole-zstd-sharded.zarr, matrix-blosc.zarr, matrix-sharded.zarr and rows.bin
// (int32 row indices, 256 per batch). With --http the stores are opened as BASE_URL/<store name> with
// @zarrita/storage's FetchStore instead of its FileSystemStore, and only the minibatch workloads run unless
// --workloads names others. Prints one JSON object per measurement on stdout, progress on stderr.
//
// zarrita 0.7.5 and @zarrita/storage come from tests/zarrita/node_modules (bash tests/zarrita/install.sh), found
// relative to this file. zarrita is used as it comes: its own codecs and no store extensions (no byte caching or
// range coalescing). It reads every codec of these stores without help: its crc32c codec drops the 4-byte checksum
// of a shard index without checking it (tests/zarrita/lib.mjs has a checking one; it is not registered here), and
// blosc decodes whatever shuffle its chunk header records, so the Zarr v3 shuffle name that zarrita passes on as is
// (which lib.mjs works around for encoding) does not matter for reading.
//
// Threading in the library itself: zarrita runs on one JavaScript thread. zarr.get starts the reads of all the
// chunks a selection touches at once (no concurrency limit) and decodes each (numcodecs.js's blosc and zstd, in
// WebAssembly, single-threaded) on the calling thread as its bytes arrive; only the file reads themselves run on
// libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), and HTTP requests on Node's fetch.
// zarrita also keeps each shard's decoded index for the life of the opened array, so after the warm-up the timed
// runs read no shard indexes they have read before.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const modules = new URL("../../tests/zarrita/node_modules/", import.meta.url);
const zarr = await import(new URL("zarrita/dist/src/index.js", modules).href);
const { FetchStore, FileSystemStore } = await import(new URL("@zarrita/storage/dist/src/index.js", modules).href);
// The typed array of each data type, a typed array's bytes and C-order strides: shared with the test helpers.
const { TYPED_ARRAYS, bytesOf, cStrides } = await import(new URL("../../tests/zarrita/lib.mjs", import.meta.url).href);
const VERSION = JSON.parse(fs.readFileSync(new URL("zarrita/package.json", modules), "utf8")).version;

const IMPL = "zarrita";
const WHOLE = { "whole-blosc": "whole-blosc.zarr", "whole-zstd-sharded": "whole-zstd-sharded.zarr" };
const MINIBATCH = { "minibatch-blosc": "matrix-blosc.zarr", "minibatch-sharded": "matrix-sharded.zarr" };
const ALL_WORKLOADS = [...Object.keys(WHOLE), ...Object.keys(MINIBATCH)];
const WARMUP_BATCHES = 5;
const BATCH_ROWS = 256;


const log = (message) => process.stderr.write(`zarrita_bench: ${message}\n`);

// ---------------------------------------------------------------------------------------------------------------
// Stores and arrays

/**
 * A store that forwards get and getRange to another and counts what they return: one request and the returned
 * length per call (a missing key is a request of 0 bytes). Metadata reads are counted too, but arrays are opened
 * before the counters are reset for a timed run, so they fall outside it. Over HTTP the FetchStore is made with
 * useSuffixRequest, so that a shard-index read (a suffix range) is one request ("Range: bytes=-N") as it is for the
 * other runners, instead of FetchStore's default HEAD and then a GET.
 */
function countingStore(inner) {
	const stats = { bytes: 0, requests: 0 };
	const count = (value) => {
		stats.requests++;
		if (value) stats.bytes += value.byteLength;
		return value;
	};
	return {
		stats,
		store: {
			get: async (key, options) => count(await inner.get(key, options)),
			getRange: async (key, range, options) => count(await inner.getRange(key, range, options)),
		},
	};
}

function openStore({ storesDir, http }, name) {
	const inner = http
		? new FetchStore(`${http.replace(/\/+$/, "")}/${name}`, { useSuffixRequest: true })
		: new FileSystemStore(path.join(storesDir, name));
	return countingStore(inner);
}

async function openArray(options, name) {
	const { stats, store } = openStore(options, name);
	const array = await zarr.open(store, { kind: "array" });
	if (!TYPED_ARRAYS[array.dtype]) throw new Error(`${name}: unsupported data type ${array.dtype}`);
	return { array, stats };
}

// ---------------------------------------------------------------------------------------------------------------
// Workloads

function emit(record) {
	process.stdout.write(`${JSON.stringify(record)}\n`);
}

function result(workload, transport, threads, seconds, resultBytes, rowsPerS, stats, sha256, batches = undefined) {
	emit({
		...(batches === undefined ? {} : { batches }),
		impl: IMPL,
		version: VERSION,
		workload,
		transport,
		threads,
		seconds,
		result_bytes: resultBytes,
		rows_per_s: rowsPerS,
		bytes_read: stats.bytes,
		requests: stats.requests,
		sha256,
	});
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

async function runWhole(options, workload, transport) {
	const { array, stats } = await openArray(options, WHOLE[workload]);
	log(`${workload} (${transport}): shape [${array.shape}] ${array.dtype}, chunks [${array.chunks}]; warm-up read`);
	await zarr.get(array);
	let best = Infinity;
	let counts = null;
	let last = null;
	for (let i = 0; i < options.repeat; i++) {
		last = null; // let the previous result go before the next one is allocated
		stats.bytes = 0;
		stats.requests = 0;
		const start = now();
		last = await zarr.get(array);
		const seconds = now() - start;
		log(`${workload}: read ${i + 1}/${options.repeat}: ${seconds.toFixed(3)} s`);
		best = Math.min(best, seconds);
		// Every read is the same, so any timed run's counts are the best run's.
		counts = { ...stats };
	}
	// zarr.get of the whole array fills one C-order typed array; anything else would need reordering first.
	const want = cStrides(last.shape);
	if (!last.stride.every((s, d) => s === want[d])) {
		throw new Error(`${workload}: zarrita returned strides [${last.stride}], not C order [${want}]`);
	}
	const sha256 = crypto.createHash("sha256").update(bytesOf(last.data)).digest("hex");
	result(workload, transport, 1, best, last.data.byteLength, null, counts, sha256);
}

function loadRows(storesDir) {
	const file = fs.readFileSync(path.join(storesDir, "rows.bin"));
	if (file.length === 0 || file.length % (4 * BATCH_ROWS) !== 0) {
		throw new Error(`rows.bin holds ${file.length} bytes, not a whole number of ${BATCH_ROWS}-row int32 batches`);
	}
	const rows = new Int32Array(file.length / 4);
	for (let i = 0; i < rows.length; i++) rows[i] = file.readInt32LE(4 * i);
	return rows;
}

/**
 * One batch: zarrita has no integer-array selection, so each row is its own zarr.get(array, [row, null]), all of
 * them started at once and awaited together, each copied into its place in the batch's (rows x columns) result.
 */
async function readBatch(array, rows) {
	const columns = array.shape[1];
	const out = new TYPED_ARRAYS[array.dtype](rows.length * columns);
	await Promise.all(
		Array.from(rows, async (row, k) => {
			const { data, stride } = await zarr.get(array, [row, null]);
			const base = k * columns;
			if (stride[0] === 1) out.set(data.subarray(0, columns), base);
			else for (let j = 0; j < columns; j++) out[base + j] = data[j * stride[0]];
		}),
	);
	return out;
}

/**
 * A worker thread: opens its own store and array, runs the warm-up batches, then on "run" reads its batches and
 * reports done (with its counts) before it hands the results over on "results", so that the main thread's clock
 * does not include sending them.
 */
async function workerMain() {
	const { options, name, rows, mine, warmup } = workerData;
	const { array, stats } = await openArray(options, name);
	const batch = (i) => rows.subarray(i * BATCH_ROWS, (i + 1) * BATCH_ROWS);
	for (const i of warmup) await readBatch(array, batch(i));
	let results = null;
	parentPort.on("message", async (message) => {
		try {
			if (message === "run") {
				stats.bytes = 0;
				stats.requests = 0;
				results = [];
				for (const i of mine) results.push(await readBatch(array, batch(i)));
				parentPort.postMessage({ done: true, stats: { ...stats } });
			} else if (message === "results") {
				parentPort.postMessage(
					{ results: results.map((data, k) => ({ index: mine[k], data })) },
					results.map((data) => data.buffer),
				);
				parentPort.close();
			}
		} catch (error) {
			parentPort.postMessage({ error: error?.stack ?? String(error) });
		}
	});
	parentPort.postMessage({ ready: true, shape: array.shape, dtype: array.dtype, chunks: array.chunks });
}

/** The next message from a worker, failing on its errors and on its exit before it answers. */
function nextMessage(worker) {
	return new Promise((resolve, reject) => {
		const cleanup = () => {
			worker.off("message", onMessage);
			worker.off("error", onError);
			worker.off("exit", onExit);
		};
		const onMessage = (message) => {
			cleanup();
			if (message.error) reject(new Error(`worker: ${message.error}`));
			else resolve(message);
		};
		const onError = (error) => {
			cleanup();
			reject(error);
		};
		const onExit = (code) => {
			cleanup();
			reject(new Error(`worker exited with code ${code} before answering`));
		};
		worker.on("message", onMessage);
		worker.on("error", onError);
		worker.on("exit", onExit);
	});
}

async function runMinibatch(options, workload, transport, rows) {
	const name = MINIBATCH[workload];
	const batches = rows.length / BATCH_ROWS;
	for (const threads of options.threads) {
		// T workers, each with its own store and array; batch i goes to worker i % T. The warm-up batches (the first
		// few) are split the same way, except that a worker left without one (T > 5) warms up on batch w % 5: each
		// worker has its own JIT, WebAssembly instances and shard-index cache to warm.
		const warmupCount = Math.min(WARMUP_BATCHES, batches);
		const workers = [];
		for (let w = 0; w < threads; w++) {
			const mine = [];
			for (let i = w; i < batches; i += threads) mine.push(i);
			const warmup = mine.filter((i) => i < warmupCount);
			if (warmup.length === 0) warmup.push(w % warmupCount);
			const workerOptions = { storesDir: options.storesDir, http: options.http };
			workers.push(new Worker(new URL(import.meta.url), { workerData: { options: workerOptions, name, rows, mine, warmup } }));
		}
		try {
			const ready = await Promise.all(workers.map(nextMessage));
			if (threads === options.threads[0]) {
				const { shape, dtype, chunks } = ready[0];
				log(`${workload} (${transport}): shape [${shape}] ${dtype}, chunks [${chunks}], ${batches} batches`);
			}
			const done = workers.map(nextMessage);
			const start = now();
			for (const worker of workers) worker.postMessage("run");
			const reports = await Promise.all(done);
			const seconds = now() - start;
			log(`${workload}: ${threads} thread(s): ${seconds.toFixed(3)} s`);

			const stats = { bytes: 0, requests: 0 };
			for (const report of reports) {
				stats.bytes += report.stats.bytes;
				stats.requests += report.stats.requests;
			}
			const collected = workers.map(nextMessage);
			for (const worker of workers) worker.postMessage("results");
			const byIndex = new Array(batches);
			for (const { results } of await Promise.all(collected)) {
				for (const { index, data } of results) byIndex[index] = data;
			}
			const digest = crypto.createHash("sha256");
			let resultBytes = 0;
			for (const data of byIndex) {
				digest.update(bytesOf(data));
				resultBytes += data.byteLength;
			}
			result(workload, transport, threads, seconds, resultBytes, rows.length / seconds, stats, digest.digest("hex"), batches);
		} finally {
			await Promise.all(workers.map((worker) => worker.terminate()));
		}
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Command line

function parseOptions() {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: {
			http: { type: "string" },
			threads: { type: "string", default: "1,2,4" },
			workloads: { type: "string" },
			repeat: { type: "string", default: "3" },
			batches: { type: "string", default: "100" },
		},
	});
	const usage = "usage: zarrita_bench.mjs STORES_DIR [--http BASE_URL] [--threads 1,2,4] [--workloads a,b] [--repeat N] [--batches N]";
	if (positionals.length !== 1) throw new Error(usage);
	const threads = values.threads.split(",").filter((t) => t.trim()).map(Number);
	if (threads.length === 0 || threads.some((t) => !Number.isInteger(t) || t < 1)) {
		throw new Error("--threads needs positive integers");
	}
	const repeat = Number(values.repeat);
	if (!Number.isInteger(repeat) || repeat < 1) throw new Error("--repeat must be a positive integer");
	let workloads;
	if (values.workloads) {
		workloads = values.workloads.split(",").map((w) => w.trim()).filter(Boolean);
		const unknown = workloads.filter((w) => !ALL_WORKLOADS.includes(w));
		if (unknown.length) throw new Error(`unknown workloads ${unknown}; known: ${ALL_WORKLOADS}`);
	} else {
		workloads = values.http ? Object.keys(MINIBATCH) : ALL_WORKLOADS;
	}
	const batches = Number(values.batches);
	if (!Number.isInteger(batches) || batches < 1) throw new Error("--batches must be a positive integer");
	return { storesDir: positionals[0], http: values.http, threads, repeat, workloads, batches };
}

async function main() {
	const options = parseOptions();
	const transport = options.http ? "http" : "file";
	let rows = null;
	for (const workload of options.workloads) {
		if (workload in WHOLE) {
			await runWhole(options, workload, transport);
		} else {
			// --batches N: only the first N batches (zarrita decodes a whole chunk per row, so all 100 take long).
			rows ??= loadRows(options.storesDir).subarray(0, options.batches * BATCH_ROWS);
			await runMinibatch(options, workload, transport, rows);
		}
	}
}

if (isMainThread) {
	main().catch((error) => {
		process.stderr.write(`zarrita_bench: ${error?.stack ?? error}\n`);
		process.exit(1);
	});
} else {
	await workerMain();
}
