import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const probe = spawnSync(PYTHON, ["-c", "import torch, onnx, PIL"], { encoding: "utf8" });
const reason = probe.status === 0 ? null : `${PYTHON} cannot import torch, onnx and PIL`;
if (reason) console.warn(`skipping the training split tests: ${reason}`);

// The Python tests of models/training/dataset_source.py, run here so that `npm test` runs them:
// the test split is refused for fitting, and a one-epoch --dataset run never opens a test image
// before every model is exported (open() is spied on).
describe.skipIf(reason !== null)("[TRAINING] --dataset honours the export's splits", () => {
  it("python3 -m unittest models.training.tests.test_dataset_source", () => {
    const run = spawnSync(PYTHON, ["-m", "unittest", "models.training.tests.test_dataset_source"], { cwd: ROOT, encoding: "utf8", timeout: 600_000 });
    expect(run.stderr).toMatch(/Ran 3 tests/);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
  }, 600_000);
});
