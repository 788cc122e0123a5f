"""ONNX export, the parity check against PyTorch (onnx.checker, then onnxruntime: the Python
package when installed, otherwise onnxruntime-node through ort_check.cjs), and manifest.json."""
from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List

import numpy as np
import onnx
import torch

from .detection import STRIDE
from .nets import OUTPUT_NAMES
from .preprocess import preprocess_manifest
from .tasks import MODEL_VERSION, TaskSpec

OPSET = 13
REPO = Path(__file__).resolve().parents[2]


def export_onnx(model: torch.nn.Module, spec: TaskSpec, path: Path) -> None:
    """Legacy (TorchScript) exporter, opset 13, dynamic batch; works on torch 1.13 and 2.x."""
    model = model.cpu().eval()
    dummy = torch.randn(2, 1, spec.size, spec.size)
    names = list(OUTPUT_NAMES[spec.kind])
    kwargs: Dict[str, object] = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(model, (dummy,), str(path), input_names=["image"], output_names=names,
                      dynamic_axes={"image": {0: "batch"}, **{n: {0: "batch"} for n in names}},
                      opset_version=OPSET, do_constant_folding=True, **kwargs)
    onnx.checker.check_model(onnx.load(str(path)))


def check_parity(model: torch.nn.Module, spec: TaskSpec, path: Path, batch: int = 3) -> float:
    """Max |onnxruntime - PyTorch| over all outputs for a random batch; raises above 1e-3."""
    model = model.cpu().eval()
    x = torch.randn(batch, 1, spec.size, spec.size)
    with torch.no_grad():
        ref = model(x)
    refs = [ref] if isinstance(ref, torch.Tensor) else list(ref)
    try:
        import onnxruntime as ort  # type: ignore[import-not-found]

        sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        outs = sess.run(list(OUTPUT_NAMES[spec.kind]), {"image": x.numpy()})
        diff = max(float(np.abs(o - r.numpy()).max()) for o, r in zip(outs, refs))
        runtime = "onnxruntime (python)"
    except ImportError:
        diff, runtime = _check_with_node(path, x.numpy(), [r.numpy() for r in refs],
                                         list(OUTPUT_NAMES[spec.kind])), "onnxruntime-node"
    print(f"{spec.model_id}: max abs diff onnx vs torch = {diff:.3g} ({runtime})", flush=True)
    if not diff < 1e-3:
        raise RuntimeError(f"{spec.model_id}: ONNX output differs from PyTorch by {diff}")
    return diff


def _check_with_node(path: Path, x: np.ndarray, refs: List[np.ndarray], names: List[str]) -> float:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("neither python onnxruntime nor node is available for the parity check")
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        x.astype(np.float32).tofile(t / "input.bin")
        for n, r in zip(names, refs):
            r.astype(np.float32).tofile(t / f"{n}.bin")
        (t / "spec.json").write_text(json.dumps({"model": str(path), "inputShape": list(x.shape),
                                                  "outputs": names}))
        res = subprocess.run([node, str(Path(__file__).with_name("ort_check.cjs")), str(t)],
                             capture_output=True, text=True, cwd=REPO, check=False)
        if res.returncode != 0:
            raise RuntimeError(f"ort_check.cjs failed: {res.stderr.strip()}")
        return float(json.loads(res.stdout)["maxAbsDiff"])


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def output_contract(spec: TaskSpec) -> Dict[str, object]:
    if spec.kind == "classifier":
        return {"format": "classifier", "logits": "logits", "activation": "softmax"}
    return {
        "format": "centernet", "heatmap": "heatmap", "size": "size", "offset": "offset",
        "stride": STRIDE, "sizeScale": STRIDE, "heatmapActivation": "sigmoid-in-model",
        "peak": "3x3-local-max", "maxPerClass": spec.max_per_class,
        "scoreThreshold": spec.score_threshold,
        **({"assignment": {"method": "exclusive-max-total-score",
                           "candidatesPerClass": spec.exclusive_candidates,
                           "conflictIoU": spec.conflict_iou}} if spec.exclusive_candidates else {}),
        "boxSpace": "model input pixels, corner origin; x scaled by sourceWidth/inputWidth and y by "
        "sourceHeight/inputHeight gives the source image's pixels",
    }


def outputs_doc(spec: TaskSpec) -> List[Dict[str, object]]:
    if spec.kind == "classifier":
        return [{"name": "logits", "shape": ["batch", len(spec.labels)],
                 "meaning": "unnormalised class scores in label order; softmax gives probabilities"}]
    cells = spec.size // STRIDE
    return [
        {"name": "heatmap", "shape": ["batch", len(spec.labels), cells, cells],
         "meaning": "per-class centre probability (sigmoid applied), cell (i, j) covers input "
                    "pixels [4j, 4j+4) x [4i, 4i+4)"},
        {"name": "size", "shape": ["batch", 2, cells, cells],
         "meaning": "box width, height at the centre cell, in input pixels / 4"},
        {"name": "offset", "shape": ["batch", 2, cells, cells],
         "meaning": "centre = (j + offset_x, i + offset_y) x 4 input pixels"},
    ]


def write_manifest(spec: TaskSpec, folder: Path, training: Dict[str, object],
                   metrics: Dict[str, object], parity: float) -> Path:
    onnx_path = folder / "model.onnx"
    manifest = {
        "schema": "discern.model-manifest/v1",
        "id": spec.model_id,
        "version": MODEL_VERSION,
        "task": spec.task,
        "description": spec.description,
        "demo": True,
        "intendedUse": "Demo model trained on synthetic phantoms only; not for clinical use.",
        "file": "model.onnx",
        "sha256": sha256(onnx_path),
        "bytes": onnx_path.stat().st_size,
        "opset": OPSET,
        "input": {"name": "image", "shape": [-1, 1, spec.size, spec.size], "dtype": "float32",
                  "layout": "NCHW"},
        "preprocess": preprocess_manifest(spec.size, crop=spec.kind == "classifier"),
        "labels": list(spec.labels),
        "output": output_contract(spec),
        "outputs": outputs_doc(spec),
        "training": training,
        "metrics": metrics,
        "parity": {"maxAbsDiffOnnxVsTorch": parity},
        "createdAt": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    return path
