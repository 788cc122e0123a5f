// Runs an ONNX model in onnxruntime-node (the runtime lib/inference uses) on a float32 batch
// written by Python, and writes each output as float32 <name>.bin (+ <name>.json with its dims).
// Lets the Python evaluation score the exported model.onnx itself, not only the PyTorch weights.
// Usage: node models/training/ort_run.cjs <model.onnx> <dir with input.bin, input.json {shape}>
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const ort = require("onnxruntime-node");

async function main() {
  const [model, dir] = process.argv.slice(2);
  const { shape } = JSON.parse(fs.readFileSync(path.join(dir, "input.json"), "utf8"));
  const b = fs.readFileSync(path.join(dir, "input.bin"));
  const data = new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  const session = await ort.InferenceSession.create(model, { executionProviders: ["cpu"], intraOpNumThreads: 1 });
  const per = shape.slice(1).reduce((a, v) => a * v, 1);
  const chunks = {};
  for (let start = 0; start < shape[0]; start += 64) {
    const n = Math.min(64, shape[0] - start);
    const input = new ort.Tensor("float32", data.subarray(start * per, (start + n) * per), [n, ...shape.slice(1)]);
    const out = await session.run({ [session.inputNames[0]]: input });
    for (const name of session.outputNames) (chunks[name] ??= []).push(out[name]);
  }
  for (const [name, parts] of Object.entries(chunks)) {
    const dims = [shape[0], ...parts[0].dims.slice(1)];
    const all = new Float32Array(dims.reduce((a, v) => a * v, 1));
    let offset = 0;
    for (const t of parts) {
      all.set(t.data, offset);
      offset += t.data.length;
    }
    fs.writeFileSync(path.join(dir, `${name}.bin`), Buffer.from(all.buffer));
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ dims }));
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(1);
});
