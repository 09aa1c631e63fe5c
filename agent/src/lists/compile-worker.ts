import { parentPort, workerData } from "node:worker_threads";
import { type CompileInput, compileLists } from "./compile-lists.ts";

/** Worker entry: compiles lists off the DNS thread and hands the snapshot bytes back without a copy. */
const result = await compileLists(workerData as CompileInput);
const transfer = result.snapshot ? [result.snapshot.buffer as ArrayBuffer] : [];
parentPort?.postMessage(result, transfer);
