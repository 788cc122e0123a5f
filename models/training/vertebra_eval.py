"""Decoding, counting and figures for the class-agnostic vertebra detector (contract v0.2.0).

Decoder (the manifest's ``output``; lib/inference implements the same): per class, 3x3 local maxima
of the heatmap, the best ``maxPerClass[label]`` above ``scoreThreshold``, then greedy NMS per class
at ``nmsIoU``. Counting (``assignment.method = "count-from-sacrum"``): S1 = the best sacrum box; the
vertebra boxes above it (centre higher than the sacrum's centre, not overlapping it by IoU > 0.3),
ordered upward by centre row, are L5, L4, L3, L2, L1, then T12 ... . Without a sacrum the lowest
vertebra is called L5 and the count is marked uncertain. Figures: recall / precision at IoU >= 0.5
with 95% Wilson intervals (Wilson 1927; Brown, Cai & DasGupta, Stat Sci 2001).
"""
from __future__ import annotations

import math
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .detection import _iou, decode

Det = Tuple[int, float, List[float]]  # (class, score, box)
CLASSES = ["vertebra", "sacrum"]
MAX_PER_CLASS = {"vertebra": 14, "sacrum": 2}
SCORE_THRESHOLD = 0.3
NMS_IOU = 0.3
LUMBAR = ["L5", "L4", "L3", "L2", "L1", "T12", "T11", "T10", "T9"]


def nms(dets: List[Det], iou: float) -> List[Det]:
    """Greedy NMS within each class: keep by descending score, drop boxes overlapping a kept box of
    the same class by IoU > ``iou``."""
    kept: List[Det] = []
    for d in sorted(dets, key=lambda d: -d[1]):
        if all(k[0] != d[0] or _iou(k[2], d[2]) <= iou for k in kept):
            kept.append(d)
    return kept


def decode_vertebrae(hm: np.ndarray, size: np.ndarray, off: np.ndarray,
                     max_per_class: Dict[str, int] = MAX_PER_CLASS,
                     threshold: float = SCORE_THRESHOLD, nms_iou: float = NMS_IOU) -> List[Det]:
    """Boxes in input pixels for one image's heads (heatmap (2, h, w), size, offset)."""
    out: List[Det] = []
    for c, name in enumerate(CLASSES):
        for _, s, b in decode(hm[c:c + 1], size, off, max_per_class[name], threshold):
            out.append((c, s, b))
    return nms(out, nms_iou)


def count_from_sacrum(dets: Sequence[Det]) -> Tuple[Dict[str, List[float]], bool]:
    """Names by counting up from S1: ({name: box}, counted_from_sacrum). Rows grow downward."""
    sacra = sorted((d for d in dets if d[0] == 1), key=lambda d: -d[1])
    verts = [d for d in dets if d[0] == 0]
    names: Dict[str, List[float]] = {}
    if sacra:
        s1 = sacra[0][2]
        names["S1"] = s1
        cy = (s1[1] + s1[3]) / 2
        verts = [d for d in verts if (d[2][1] + d[2][3]) / 2 < cy and _iou(d[2], s1) <= 0.3]
    ordered = sorted(verts, key=lambda d: -(d[2][1] + d[2][3]) / 2)
    for name, d in zip(LUMBAR, ordered):
        names[name] = d[2]
    return names, bool(sacra)


def wilson(k: int, n: int, z: float = 1.959964) -> Tuple[Optional[float], Optional[float]]:
    """95% Wilson score interval for k successes of n."""
    if n == 0:
        return None, None
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return round(max(0.0, c - h), 4), round(min(1.0, c + h), 4)


def rate(k: int, n: int) -> dict:
    lo, hi = wilson(k, n)
    return {"k": k, "n": n, "rate": round(k / n, 4) if n else None, "ci95": [lo, hi]}


def match(dets: Sequence[Det], truth: Sequence[List[float]], ignore: Sequence[List[float]],
          iou: float = 0.5) -> Tuple[int, int, int]:
    """Class-agnostic greedy matching by score: (true positives, truth n, counted predictions);
    a prediction whose centre lies in an ignore region (unlabelled body) counts neither way."""
    used = set()
    tp = counted = 0
    for _, _, b in sorted(dets, key=lambda d: -d[1]):
        best, j = 0.0, -1
        for k, t in enumerate(truth):
            if k not in used and _iou(b, t) > best:
                best, j = _iou(b, t), k
        if best >= iou:
            used.add(j)
            tp += 1
            counted += 1
            continue
        cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        if not any(g[0] <= cx < g[2] and g[1] <= cy < g[3] for g in ignore):
            counted += 1
    return tp, len(truth), counted


class Tally:
    """Accumulates body detection and counting figures over images."""

    def __init__(self) -> None:
        self.tp = self.n = self.pred = 0
        self.lumbar_ok = self.lumbar_n = 0
        self.exams_ok = self.exams = 0
        self.sacrum_found = self.images = 0

    def add(self, dets: List[Det], boxes: List[List[float]], names: List[str],
            ignore: List[List[float]]) -> None:
        tp, n, counted = match(dets, boxes, ignore)
        self.tp, self.n, self.pred = self.tp + tp, self.n + n, self.pred + counted
        counted_names, from_sacrum = count_from_sacrum(dets)
        self.images += 1
        self.sacrum_found += int(from_sacrum)
        want = {nm: b for nm, b in zip(names, boxes) if nm in ("L1", "L2", "L3", "L4", "L5")}
        ok = 0
        for nm, b in want.items():
            got = counted_names.get(nm)
            ok += int(got is not None and _iou(got, b) >= 0.5)
        self.lumbar_ok += ok
        self.lumbar_n += len(want)
        if want:
            self.exams += 1
            self.exams_ok += int(ok == len(want))

    def summary(self) -> dict:
        return {"bodyRecallIoU50": rate(self.tp, self.n), "bodyPrecisionIoU50": rate(self.tp, self.pred),
                "lumbarIdentifiedByCounting": rate(self.lumbar_ok, self.lumbar_n),
                "imagesAllLumbarRight": rate(self.exams_ok, self.exams),
                "imagesWithSacrumFound": rate(self.sacrum_found, self.images)}
