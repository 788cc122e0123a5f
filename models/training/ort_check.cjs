// Parity check helper for models/training/export.py: runs an ONNX file in onnxruntime-node on the
// float32 input written by Python and prints {"maxAbsDiff": x} against PyTorch's outputs.
// Usage: node models/training/ort_check.cjs <dir with spec.json, input.bin, <output>.bin>
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const ort = require("onnxruntime-node");

async function main() {
  const dir = process.argv[2];
  const spec = JSON.parse(fs.readFileSync(path.join(dir, "spec.json"), "utf8"));
  const read = (name) => {
    const b = fs.readFileSync(path.join(dir, name));
    return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  };
  const session = await ort.InferenceSession.create(spec.model, { executionProviders: ["cpu"] });
  const input = new ort.Tensor("float32", read("input.bin"), spec.inputShape);
  const out = await session.run({ [session.inputNames[0]]: input });
  let max = 0;
  for (const name of spec.outputs) {
    const ref = read(`${name}.bin`);
    const got = out[name].data;
    if (got.length !== ref.length) throw new Error(`${name}: ${got.length} values, expected ${ref.length}`);
    for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(got[i] - ref[i]));
  }
  process.stdout.write(JSON.stringify({ maxAbsDiff: max }) + "\n");
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(1);
});
