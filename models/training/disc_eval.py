"""Held-out evaluation of the disc-ROI detector and the disc classifier, per phantom variant
(layout), on the exported ONNX files run by onnxruntime-node (what lib/inference runs) or on
PyTorch weights.

    python3 -m models.training.disc_eval --data .data/disc/heldout --onnx models/

Scores, as `discern eval` defines them (docs/pipeline.md): ROI found = the detector's best box on
a slice that cuts a disc (truth ``atDisc``) has IoU >= 0.5 with the true ROI; per-level diagnosis
= argmax of the mean softmax over the level's at-disc slices, each cropped with the detector's box
(with the true ROI where the detector found none, so that the classifier is scored on its own).
95 % intervals: Wilson score (Wilson 1927; Brown, Cai & DasGupta 2001).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .axial_augment import reacquire_slice
from .detection import decode
from .disc_data import read_slice
from .phantoms import find_studies
from .preprocess import prepare
from .samples import DIAGNOSES
from .tasks import TASKS
from .intervals import wilson

REPO = Path(__file__).resolve().parents[2]
Runner = Callable[[np.ndarray], List[np.ndarray]]


def iou(a: Sequence[float], b: Sequence[float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def onnx_runner(model: Path) -> Runner:
    """Runs ``model`` through ort_run.cjs (onnxruntime-node) on a float32 NCHW batch."""
    def run(x: np.ndarray) -> List[np.ndarray]:
        with tempfile.TemporaryDirectory() as tmp:
            t = Path(tmp)
            x.astype(np.float32).tofile(t / "input.bin")
            (t / "input.json").write_text(json.dumps({"shape": list(x.shape)}))
            res = subprocess.run(["node", str(Path(__file__).with_name("ort_run.cjs")), str(model), str(t)],
                                 capture_output=True, text=True, cwd=REPO, check=False)
            if res.returncode != 0:
                raise RuntimeError(f"ort_run.cjs failed: {res.stderr.strip()}")
            names = ["heatmap", "size", "offset"] if (t / "heatmap.bin").exists() else ["logits"]
            outs = []
            for n in names:
                dims = json.loads((t / f"{n}.json").read_text())["dims"]
                outs.append(np.fromfile(t / f"{n}.bin", dtype=np.float32).reshape(dims))
            return outs
    return run


def torch_runner(model) -> Runner:  # noqa: ANN001 - a torch.nn.Module
    import torch

    def run(x: np.ndarray) -> List[np.ndarray]:
        outs = []
        with torch.no_grad():
            for k in range(0, len(x), 64):
                y = model(torch.from_numpy(x[k:k + 64].astype(np.float32)))
                outs.append([t.numpy() for t in (y if isinstance(y, tuple) else (y,))])
        return [np.concatenate([o[i] for o in outs]) for i in range(len(outs[0]))]
    return run


def best_boxes(run: Runner, images: List[np.ndarray]) -> List[Optional[Tuple[float, List[float]]]]:
    """The detector's best (score, box in source pixels) per image, or None below threshold."""
    spec = TASKS["roi"]
    x = np.stack([prepare(im, [0, 0, im.shape[1], im.shape[0]], spec.size)[None] for im in images])
    hm, size, off = run(x)
    out: List[Optional[Tuple[float, List[float]]]] = []
    for k, im in enumerate(images):
        d = decode(hm[k], size[k], off[k], 1, spec.score_threshold)
        if not d:
            out.append(None)
            continue
        _, s, b = d[0]
        sx, sy = im.shape[1] / spec.size, im.shape[0] / spec.size
        out.append((s, [b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy]))
    return out


def evaluate(roots: List[Path], roi_run: Runner, cls_run: Runner,
             reacquire_seed: Optional[int] = None) -> Dict[str, object]:
    """Per variant and overall: ROI found (IoU >= 0.5) and per-level diagnosis, with Wilson CIs.
    With ``reacquire_seed``, every slice is first re-acquired by a random scanner
    (axial_augment.reacquire_slice, seeded per study: the same images for every model) and scored
    against its re-mapped true ROI: a stress test of tolerance to acquisition, from the same family
    of randomisation the new models were trained with (not evidence of generalisation)."""
    tallies: Dict[str, Dict[str, list]] = defaultdict(lambda: {"roi": [], "iou": [], "level": [], "slice": []})
    seeds: List[int] = []
    for folder in find_studies(roots):
        truth = json.loads((folder / "truth.json").read_text())
        seeds.append(int(truth["seed"]))
        variant = str(truth.get("variant"))
        disc = [dict(s) for s in truth["slices"] if s.get("atDisc") and s.get("roi") is not None]
        images = [read_slice(folder / s["file"]) for s in disc]
        if reacquire_seed is not None:
            rng = np.random.default_rng([reacquire_seed, int(truth["seed"])])
            kept = []
            for s, (im, mm) in zip(disc, images):
                acquired, box = reacquire_slice(im, mm, s["roi"], rng)
                if box is not None:
                    s["roi"] = box
                    kept.append((s, acquired))
            disc, images = [k[0] for k in kept], [k[1] for k in kept]
        else:
            images = [im for im, _ in images]
        if not disc:
            continue
        found = best_boxes(roi_run, images)
        t = tallies[variant]
        crops = []
        for s, im, f in zip(disc, images, found):
            v = iou(f[1], s["roi"]) if f is not None else 0.0
            t["iou"].append(v)
            t["roi"].append(v >= 0.5)
            crops.append(prepare(im, f[1] if f is not None else s["roi"], TASKS["classifier"].size)[None])
        logits = cls_run(np.stack(crops))[0]
        probs = np.exp(logits - logits.max(1, keepdims=True))
        probs /= probs.sum(1, keepdims=True)
        diag = {lv["level"]: DIAGNOSES.index(lv["diagnosis"]) for lv in truth["levels"]}
        by_level: Dict[str, List[int]] = defaultdict(list)
        for i, s in enumerate(disc):
            if s["level"] in diag:
                by_level[s["level"]].append(i)
                t["slice"].append(int(probs[i].argmax()) == diag[s["level"]])
        for lv, idx in by_level.items():
            t["level"].append((diag[lv], int(probs[idx].mean(0).argmax())))
    return summarise(tallies, seeds)


def summarise(tallies: Dict[str, Dict[str, list]], seeds: List[int]) -> Dict[str, object]:
    from .evaluate import _ranges

    def block(t: Dict[str, list]) -> Dict[str, object]:
        roi_k, roi_n = int(sum(t["roi"])), len(t["roi"])
        lv_k = sum(int(a == b) for a, b in t["level"])
        lv_n = len(t["level"])
        conf = np.zeros((3, 3), int)
        for a, b in t["level"]:
            conf[a, b] += 1
        return {"roiFound": roi_k, "roiN": roi_n, "roiRate": round(roi_k / roi_n, 4) if roi_n else None,
                "roiCI95": wilson(roi_k, roi_n),
                "meanIoU": round(float(np.mean(t["iou"])), 4) if t["iou"] else None,
                "levelCorrect": lv_k, "levelN": lv_n,
                "levelAccuracy": round(lv_k / lv_n, 4) if lv_n else None, "levelCI95": wilson(lv_k, lv_n),
                "sliceAccuracy": round(float(np.mean(t["slice"])), 4) if t["slice"] else None,
                "confusionRowsTruthColsPred": conf.tolist()}

    total: Dict[str, list] = {"roi": [], "iou": [], "level": [], "slice": []}
    for t in tallies.values():
        for k in total:
            total[k] += t[k]
    return {"source": "discern phantom, held-out variants (never in training)",
            "seeds": _ranges(seeds), "studies": len(seeds), "labels": DIAGNOSES,
            "overall": block(total), "byVariant": {v: block(t) for v, t in sorted(tallies.items())}}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, nargs="+", required=True)
    p.add_argument("--onnx", type=Path, default=REPO / "models", help="models/ folder holding the two model folders")
    p.add_argument("--out", type=Path, help="write the JSON result here too")
    p.add_argument("--reacquire", type=int, metavar="SEED", help="stress test: re-acquire every slice first")
    args = p.parse_args()
    result = evaluate(args.data, onnx_runner(args.onnx / TASKS["roi"].model_id / "model.onnx"),
                      onnx_runner(args.onnx / TASKS["classifier"].model_id / "model.onnx"), args.reacquire)
    if args.reacquire is not None:
        result["source"] = f"held-out variants, every slice re-acquired (seed {args.reacquire})"
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    print(f"overall: {result['overall']}", file=sys.stderr)


if __name__ == "__main__":
    main()
