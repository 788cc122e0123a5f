"""CenterNet targets, loss and decoding (the Python twin of lib/inference/decode-centernet.ts).

Coordinates: ``input`` space is the resized model input (size x size pixels, corner origin);
heatmap cell (row i, column j) covers input pixels [4j, 4j+4) x [4i, 4i+4). A box centre c (input
pixels) sits in cell floor(c / 4) with offset c / 4 - floor(c / 4); size is (w, h) / 4.
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F

STRIDE = 4


def gaussian_targets(boxes: Sequence[Sequence[float]], labels: Sequence[int], num_classes: int,
                     out: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Targets for one image with ``boxes`` in input pixels: heatmap (C, out, out), size (2, out,
    out), offset (2, out, out), mask (out, out) = 1 at the centre cells."""
    hm = np.zeros((num_classes, out, out), np.float32)
    size = np.zeros((2, out, out), np.float32)
    off = np.zeros((2, out, out), np.float32)
    mask = np.zeros((out, out), np.float32)
    ys, xs = np.mgrid[0:out, 0:out].astype(np.float32)
    for (x0, y0, x1, y1), c in zip(boxes, labels):
        cx, cy = (x0 + x1) / 2 / STRIDE, (y0 + y1) / 2 / STRIDE
        w, h = (x1 - x0) / STRIDE, (y1 - y0) / STRIDE
        j, i = int(np.floor(cx)), int(np.floor(cy))
        if not (0 <= i < out and 0 <= j < out):
            continue
        sigma = max(0.7, min(w, h) / 6.0)
        g = np.exp(-((xs - (j + 0.5)) ** 2 + (ys - (i + 0.5)) ** 2) / (2 * sigma ** 2))
        hm[c] = np.maximum(hm[c], g)
        hm[c, i, j] = 1.0
        size[:, i, j] = (w, h)
        off[:, i, j] = (cx - j, cy - i)
        mask[i, j] = 1.0
    return hm, size, off, mask


def centernet_loss(pred: Tuple[torch.Tensor, torch.Tensor, torch.Tensor], hm: torch.Tensor,
                   size: torch.Tensor, off: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Penalty-reduced focal loss on the heatmap + 0.1 x L1 size + L1 offset at centre cells."""
    p_hm, p_size, p_off = pred
    p = p_hm.clamp(1e-4, 1 - 1e-4)
    pos = hm.eq(1).float()
    neg = 1 - pos
    pos_loss = (torch.log(p) * (1 - p) ** 2 * pos).sum()
    neg_loss = (torch.log(1 - p) * p ** 2 * (1 - hm) ** 4 * neg).sum()
    n = pos.sum().clamp(min=1)
    focal = -(pos_loss + neg_loss) / n
    m = mask.unsqueeze(1)
    nm = mask.sum().clamp(min=1)
    l_size = (F.l1_loss(p_size * m, size * m, reduction="sum")) / nm
    l_off = (F.l1_loss(p_off * m, off * m, reduction="sum")) / nm
    return focal + 0.1 * l_size + l_off


def decode(heatmap: np.ndarray, size: np.ndarray, offset: np.ndarray, max_per_class: int,
           score_threshold: float) -> List[Tuple[int, float, List[float]]]:
    """(label, score, box in input pixels) for one image's heads: 3x3 local maxima per class,
    best ``max_per_class`` above ``score_threshold``."""
    c_n, h, w = heatmap.shape
    padded = np.pad(heatmap, ((0, 0), (1, 1), (1, 1)), constant_values=-1.0)
    windows = np.stack([padded[:, dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3)])
    peaks = heatmap >= windows.max(axis=0)
    out: List[Tuple[int, float, List[float]]] = []
    for c in range(c_n):
        score = np.where(peaks[c], heatmap[c], -1.0).ravel()
        for k in np.argsort(-score, kind="stable")[:max_per_class]:
            s = float(score[k])
            if s < score_threshold:
                break
            i, j = divmod(int(k), w)
            cx = (j + float(offset[0, i, j])) * STRIDE
            cy = (i + float(offset[1, i, j])) * STRIDE
            bw = float(size[0, i, j]) * STRIDE
            bh = float(size[1, i, j]) * STRIDE
            out.append((c, s, [cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2]))
    return out


def _iou(a: List[float], b: List[float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def assign_exclusive(candidates: List[Tuple[int, float, List[float]]], num_classes: int,
                     conflict_iou: float) -> List[Tuple[int, float, List[float]]]:
    """One object per label and one label per object: among each class's candidates (or none),
    the combination with the highest total score in which no two boxes overlap by IoU above
    ``conflict_iou``. Exhaustive depth-first search (<= 4^6 leaves for six vertebrae); ties keep
    the first found (classes in label order, candidates by descending score). Twin of
    lib/inference/decode.ts ``assignExclusive``."""
    per_class: List[List[Tuple[int, float, List[float]]]] = [[] for _ in range(num_classes)]
    for cand in candidates:
        per_class[cand[0]].append(cand)
    best: List[Tuple[float, List[Tuple[int, float, List[float]]]]] = [(-1.0, [])]

    def search(c: int, chosen: List[Tuple[int, float, List[float]]], total: float) -> None:
        if c == num_classes:
            if total > best[0][0] + 1e-9:
                best[0] = (total, list(chosen))
            return
        for cand in per_class[c]:
            if all(_iou(cand[2], o[2]) <= conflict_iou for o in chosen):
                chosen.append(cand)
                search(c + 1, chosen, total + cand[1])
                chosen.pop()
        search(c + 1, chosen, total)

    search(0, [], 0.0)
    return best[0][1]
