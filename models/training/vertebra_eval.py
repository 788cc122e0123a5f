"""Decoding, counting and figures for the class-agnostic vertebra detector (contract v0.2.0).

Decoder (the manifest's ``output``; lib/inference implements the same): per class, 3x3 local maxima
of the heatmap, the best ``maxPerClass[label]`` above ``scoreThreshold``, then greedy NMS per class
at ``nmsIoU``. Counting (``assignment.method = "count-from-sacrum"``): :func:`count_from_sacrum`, the 2D
twin of the product's rule (lib/pipeline/count-vertebrae.ts) used for the model card's figures. Figures: recall / precision at IoU >= 0.5
with 95% Wilson intervals (Wilson 1927; Brown, Cai & DasGupta, Stat Sci 2001).
"""
from __future__ import annotations

import math
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .detection import _iou, decode
from .intervals import wilson

Det = Tuple[int, float, List[float]]  # (class, score, box)
CLASSES = ["vertebra", "sacrum"]
MAX_PER_CLASS = {"vertebra": 14, "sacrum": 2}
SCORE_THRESHOLD = 0.3
NMS_IOU = 0.3
# Faint sacrum peaks pass at this lower threshold; lib/pipeline (countVertebrae) uses them only when
# no sacrum box reaches the detector's own threshold (a sacrum cut by the edge of the image).
SACRUM_FAINT_THRESHOLD = 0.1
LUMBAR = ["L5", "L4", "L3", "L2", "L1", "T12", "T11", "T10", "T9", "T8"]


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


def _centre(b: List[float]) -> Tuple[float, float]:
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


def _dist(a: List[float], b: List[float]) -> float:
    (ax, ay), (bx, by) = _centre(a), _centre(b)
    return math.hypot(ax - bx, ay - by)


def count_from_sacrum(dets: Sequence[Det], gap_factor: float = 1.6) -> Tuple[Dict[str, List[float]], bool]:
    """Names by counting up from S1 on one image, the rule of lib/pipeline/count-vertebrae.ts in
    2D (rows grow downward = caudal): S1 = the most cranial sacrum box scoring >= half the best
    sacrum score; vertebra boxes on S1 (centres closer than half the smaller height) dropped; the
    boxes above S1 ordered upward; two neighbours closer than half the median step are one body
    (the weaker goes); a step over ``gap_factor`` x the median hides round(ratio) - 1 missed bodies,
    whose names are skipped. Returns ({name: box}, counted_from_sacrum); without a sacrum nothing
    is named (the product flags counting-uncertain)."""
    sacra = [d for d in dets if d[0] == 1]
    if not sacra:
        return {}, False
    best = max(d[1] for d in sacra)
    s1 = min((d for d in sacra if d[1] >= 0.5 * best), key=lambda d: _centre(d[2])[1])
    h = lambda b: b[3] - b[1]  # noqa: E731
    above = [d for d in dets if d[0] == 0 and _centre(d[2])[1] < _centre(s1[2])[1]
             and _dist(d[2], s1[2]) >= 0.5 * min(h(d[2]), h(s1[2]))]
    chain = [s1] + sorted(above, key=lambda d: -_centre(d[2])[1])
    while len(chain) > 2:
        steps = [_dist(chain[k + 1][2], chain[k][2]) for k in range(len(chain) - 1)]
        m = float(np.median(steps))
        k = next((i for i, d in enumerate(steps) if d < 0.5 * m), -1)
        if k < 0:
            break
        a, b = chain[k], chain[k + 1]
        chain.remove(b if a is s1 or a[1] >= b[1] else a)
    steps = [_dist(chain[k + 1][2], chain[k][2]) for k in range(len(chain) - 1)]
    m = float(np.median(steps)) if len(steps) >= 2 else None
    names: Dict[str, List[float]] = {"S1": s1[2]}
    pos = 0
    for i, d in enumerate(chain[1:]):
        ratio = 1.0 if m is None else steps[i] / m
        pos += 1 + (max(1, round(ratio) - 1) if ratio > gap_factor else 0)
        if pos - 1 < len(LUMBAR):
            names[LUMBAR[pos - 1]] = d[2]
    return names, True


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
        self.view_ok = self.view_n = 0  # L1-L5 on images whose field of view shows S1


    def add(self, dets: List[Det], boxes: List[List[float]], names: List[str],
            ignore: List[List[float]], s1_in_view: Optional[bool] = None) -> None:
        """One image: detections and truth in the same pixels; ``s1_in_view`` (when known) puts the
        image's L1-L5 in the subgroup whose field of view shows the sacrum."""
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
        if s1_in_view:
            self.view_ok += ok
            self.view_n += len(want)
        if want:
            self.exams += 1
            self.exams_ok += int(ok == len(want))

    def summary(self) -> dict:
        """Rates with k, n and 95% Wilson intervals."""
        return {"bodyRecallIoU50": rate(self.tp, self.n), "bodyPrecisionIoU50": rate(self.tp, self.pred),
                "lumbarIdentifiedByCounting": rate(self.lumbar_ok, self.lumbar_n),
                "lumbarIdentifiedS1InView": rate(self.view_ok, self.view_n),
                "imagesAllLumbarRight": rate(self.exams_ok, self.exams),
                "imagesWithSacrumFound": rate(self.sacrum_found, self.images)}
