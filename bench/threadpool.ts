// Imported first by bench/import.ts: libuv reads UV_THREADPOOL_SIZE once, when its pool first
// runs, so it must be set before any file is read. Same default as bin/discern (16): import keeps
// many fsyncs and reads in flight, and with libuv's default of 4 the reads queue behind fsyncs.
process.env.UV_THREADPOOL_SIZE ??= "16";
export {};
