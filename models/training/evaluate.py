"""Held-out evaluation of the three models as the pipeline chains them, on phantom studies
(truth.json): vertebra localisation (label right and centre inside the true box), ROI accuracy
(IoU >= 0.5 on slices that cut the disc), and 3-class accuracy per slice and per level (the
level's diagnosis = argmax of the mean probabilities over its disc slices, ROI from the detector).

    python3 -m models.training.evaluate --data .data/phantoms-eval --checkpoints .data/checkpoints
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np
import torch

from .detection import assign_exclusive, decode
from .nets import CenterNetSmall, DiscClassifier
from .phantoms import find_studies, read_dicom_pixels
from .preprocess import prepare
from .samples import DIAGNOSES, DISC_LEVELS, VERTEBRA_LABELS
from .tasks import TASKS


def iou(a: List[float], b: List[float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def detect(model: CenterNetSmall, images: List[np.ndarray], name: str) -> List[list]:
    """Per image: [(label, score, box in the image's pixels)]."""
    spec = TASKS[name]
    x = np.stack([prepare(im, [0, 0, im.shape[1], im.shape[0]], spec.size)[None] for im in images])
    with torch.no_grad():
        hm, size, off = (t.numpy() for t in model(torch.from_numpy(x)))
    out = []
    for k, im in enumerate(images):
        sx, sy = im.shape[1] / spec.size, im.shape[0] / spec.size
        dets = decode_spec(spec, hm[k], size[k], off[k])
        out.append([(c, s, [b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy]) for c, s, b in dets])
    return out


def decode_spec(spec, hm: np.ndarray, size: np.ndarray, off: np.ndarray) -> List[tuple]:
    """The manifest's decoder: per-class peaks, then the exclusive assignment when configured."""
    if spec.exclusive_candidates:
        cands = decode(hm, size, off, spec.exclusive_candidates, spec.score_threshold)
        return assign_exclusive(cands, len(spec.labels), spec.conflict_iou)
    return decode(hm, size, off, spec.max_per_class, spec.score_threshold)


def classify(model: DiscClassifier, crops: List[tuple]) -> np.ndarray:
    size = TASKS["classifier"].size
    x = np.stack([prepare(im, box, size)[None] for im, box in crops])
    with torch.no_grad():
        return torch.softmax(model(torch.from_numpy(x)), dim=1).numpy()


def evaluate(models: Dict[str, torch.nn.Module], roots: List[Path],
             limit: Optional[int] = None) -> Dict[str, object]:
    studies = find_studies(roots)[:limit]
    v_hit = v_total = v_false = 0
    v_ious: List[float] = []
    roi_hit = roi_total = roi_false = roi_neg = 0
    slice_hit = slice_total = 0
    conf = {lv: np.zeros((3, 3), int) for lv in DISC_LEVELS}
    seeds: List[int] = []
    for n, folder in enumerate(studies):
        truth = json.loads((folder / "truth.json").read_text())
        seeds.append(int(truth["seed"]))
        sag = read_dicom_pixels(folder / truth["sagittal"]["midFile"])
        dets = {VERTEBRA_LABELS[c]: b for c, _, b in detect(models["vertebrae"], [sag], "vertebrae")[0]}
        truth_labels = set()
        for t in truth["vertebrae"]:
            truth_labels.add(t["label"])
            v_total += 1
            b = dets.get(t["label"])
            if b is None:
                continue
            cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
            x0, y0, x1, y1 = t["box"]
            v_hit += int(x0 <= cx < x1 and y0 <= cy < y1)
            v_ious.append(iou(b, t["box"]))
        v_false += sum(1 for lab in dets if lab not in truth_labels)

        slices = truth["slices"]
        images = [read_dicom_pixels(folder / s["file"]) for s in slices]
        rois = detect(models["roi"], images, "roi") if images else []
        diag = {lv["level"]: DIAGNOSES.index(lv["diagnosis"]) for lv in truth["levels"]}
        crops, crop_levels, crop_truth = [], [], []
        for s, im, found in zip(slices, images, rois):
            best = max(found, key=lambda d: d[1]) if found else None
            if s["roi"] is None:
                roi_neg += 1
                roi_false += int(best is not None)
                continue
            roi_total += 1
            roi_hit += int(best is not None and iou(best[2], s["roi"]) >= 0.5)
            if s.get("atDisc") and s.get("level") in diag:
                crops.append((im, best[2] if best is not None else s["roi"]))
                crop_levels.append(s["level"])
                crop_truth.append(diag[s["level"]])
        if crops:
            probs = classify(models["classifier"], crops)
            slice_hit += int((probs.argmax(1) == np.array(crop_truth)).sum())
            slice_total += len(crops)
            for lv in sorted(set(crop_levels)):
                idx = [i for i, l in enumerate(crop_levels) if l == lv]
                pred = int(probs[idx].mean(0).argmax())
                conf[lv][diag[lv], pred] += 1
        if (n + 1) % 20 == 0:
            print(f"evaluated {n + 1}/{len(studies)} studies", file=sys.stderr, flush=True)

    def ratio(a: int, b: int) -> Optional[float]:
        return round(a / b, 4) if b else None

    per_level = {lv: {"accuracy": ratio(int(np.trace(m)), int(m.sum())), "n": int(m.sum()),
                      "confusion": m.tolist()} for lv, m in conf.items()}
    total = sum(conf.values())
    return {
        "heldOut": {"source": "discern phantom", "seeds": _ranges(seeds), "studies": len(studies)},
        "vertebrae": {"localisationAccuracy": ratio(v_hit, v_total), "n": v_total,
                      "meanIoU": round(float(np.mean(v_ious)), 4) if v_ious else None,
                      "falsePositives": v_false},
        "roi": {"accuracyIoU50": ratio(roi_hit, roi_total), "n": roi_total,
                "falsePositivesOnSlicesWithoutDisc": roi_false, "slicesWithoutDisc": roi_neg},
        "classifier": {"sliceAccuracy": ratio(slice_hit, slice_total), "slices": slice_total,
                       "levelAccuracy": ratio(int(np.trace(total)), int(total.sum())),
                       "perLevel": per_level, "confusionRowsTruthColsPred": total.tolist(),
                       "labels": DIAGNOSES},
    }


def _ranges(seeds: List[int]) -> str:
    """Sorted seeds as compact ranges: [1, 2, 3, 7] -> "1-3,7"."""
    runs: List[List[int]] = []
    for v in sorted(set(seeds)):
        if runs and v == runs[-1][1] + 1:
            runs[-1][1] = v
        else:
            runs.append([v, v])
    return ",".join(f"{a}-{b}" if a != b else f"{a}" for a, b in runs)


def load_checkpoints(folder: Path) -> Dict[str, torch.nn.Module]:
    out: Dict[str, torch.nn.Module] = {}
    for name, spec in TASKS.items():
        path = folder / f"{spec.model_id}.pt"
        model: torch.nn.Module = (DiscClassifier(len(spec.labels), spec.width)
                                  if spec.kind == "classifier"
                                  else CenterNetSmall(len(spec.labels), spec.width))
        model.load_state_dict(torch.load(path, map_location="cpu"))
        out[name] = model.eval()
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, nargs="+", required=True)
    p.add_argument("--checkpoints", type=Path, default=Path(".data/checkpoints"))
    p.add_argument("--limit", type=int)
    p.add_argument("--write-manifests", type=Path, metavar="MODELS_DIR",
                   help="store the figures in MODELS_DIR/<id>/manifest.json and rewrite the cards")
    args = p.parse_args()
    torch.set_num_threads(1)  # fastest on a shared, oversubscribed CPU (OpenMP spin-waits)
    result = evaluate(load_checkpoints(args.checkpoints), args.data, args.limit)
    print(json.dumps(result, indent=2))
    if args.write_manifests:
        write_metrics(args.write_manifests, result)


def write_metrics(models_dir: Path, result: Dict[str, object]) -> None:
    """Put held-out figures into existing manifests (the sha256 is unchanged: the ONNX is not)."""
    from .cards import card
    from .export import output_contract

    for name, spec in TASKS.items():
        path = models_dir / spec.model_id / "manifest.json"
        if not path.exists():
            continue
        manifest = json.loads(path.read_text())
        manifest["metrics"] = {"heldOut": result["heldOut"], **result[name]}  # type: ignore[dict-item]
        manifest["output"] = output_contract(spec)  # decoder settings live in tasks.py
        path.write_text(json.dumps(manifest, indent=2) + "\n")
        (path.parent / "MODEL_CARD.md").write_text(card(manifest))
        print(f"updated {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
