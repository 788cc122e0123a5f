"""Figures of a fitted PyTorch model on the rows of one dataset split (validation for model
selection, test for the manifest), in model-input space for the detectors (samples compacted by
``compact_det``) and on ROI crops for the classifier. ``score`` is the selection criterion.

Definitions follow evaluate.py: a vertebra is localised when the detection of its label has its
centre inside the true box; a disc ROI is right when IoU >= 0.5; a level's diagnosis is the argmax
of the mean probabilities over that study's slices of the level.
"""
from __future__ import annotations

from typing import Dict, List, Sequence

import numpy as np
import torch

from .evaluate import decode_spec, iou
from .fit import cls_input
from .samples import ClsSample, DetSample
from .tasks import TaskSpec

BATCH = 64


def _batches(n: int):
    for i in range(0, n, BATCH):
        yield slice(i, min(n, i + BATCH))


def detection_figures(model: torch.nn.Module, samples: Sequence[DetSample], spec: TaskSpec) -> Dict[str, object]:
    """Vertebrae: localisation accuracy and mean IoU over true boxes; disc ROI: IoU >= 0.5
    accuracy over slices with a disc, and boxes on slices without one."""
    hits = total = false_pos = negatives = 0
    ious: List[float] = []
    model.eval()
    for part in _batches(len(samples)):
        chunk = samples[part]
        x = torch.from_numpy(np.stack([s.image.astype(np.float32)[None] for s in chunk]))
        with torch.no_grad():
            hm, sz, off = (t.numpy() for t in model(x))
        for k, s in enumerate(chunk):
            found = {c: b for c, _, b in decode_spec(spec, hm[k], sz[k], off[k])}
            if not s.boxes:
                negatives += 1
                false_pos += int(bool(found))
            for box, c in zip(s.boxes, s.labels):
                total += 1
                b = found.get(c)
                if b is None:
                    continue
                overlap = iou(b, box)
                ious.append(overlap)
                if spec.name == "roi":
                    hits += int(overlap >= 0.5)
                else:
                    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
                    hits += int(box[0] <= cx < box[2] and box[1] <= cy < box[3])
    accuracy = hits / total if total else 0.0
    key = "accuracyIoU50" if spec.name == "roi" else "localisationAccuracy"
    out: Dict[str, object] = {key: round(accuracy, 4), "n": total, "meanIoU": round(float(np.mean(ious)), 4) if ious else None,
                              "score": accuracy}
    if spec.name == "roi":
        out.update(falsePositivesOnSlicesWithoutDisc=false_pos, slicesWithoutDisc=negatives)
    return out


def classifier_figures(model: torch.nn.Module, samples: Sequence[ClsSample], spec: TaskSpec) -> Dict[str, object]:
    """Per-slice accuracy, per-level accuracy (mean probabilities per study and level), per
    level accuracy and n, and the level confusion matrix (rows truth, columns prediction)."""
    k = len(spec.labels)
    if not samples:
        return {"sliceAccuracy": None, "slices": 0, "levelAccuracy": None, "levels": 0, "score": 0.0}
    probs = np.zeros((len(samples), k), np.float64)
    model.eval()
    for part in _batches(len(samples)):
        x = torch.from_numpy(np.stack([cls_input(s, spec.size, False)[None] for s in samples[part]]))
        with torch.no_grad():
            probs[part] = torch.softmax(model(x), dim=1).numpy()
    truth = np.array([s.label for s in samples])
    slice_acc = float((probs.argmax(1) == truth).mean())
    groups: Dict[tuple, List[int]] = {}
    for i, s in enumerate(samples):
        groups.setdefault((s.group, s.level), []).append(i)
    confusion = np.zeros((k, k), np.int64)
    per_level: Dict[str, List[int]] = {}
    for (_, level), rows in groups.items():
        pred = int(probs[rows].mean(0).argmax())
        true = int(truth[rows[0]])
        confusion[true, pred] += 1
        per_level.setdefault(level, []).append(int(pred == true))
    n_levels = int(confusion.sum())
    return {"sliceAccuracy": round(slice_acc, 4), "slices": len(samples),
            "levelAccuracy": round(float(np.trace(confusion)) / n_levels, 4), "levels": n_levels,
            "perLevel": {lv: {"accuracy": round(float(np.mean(v)), 4), "n": len(v)} for lv, v in sorted(per_level.items())},
            "confusion": confusion.tolist(), "score": slice_acc}
