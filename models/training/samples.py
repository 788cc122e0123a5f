"""In-memory training samples, whatever the source (phantom folders or an exported dataset).

All boxes are image pixels ``[x0, y0, x1, y1]``, corner origin, x1/y1 exclusive; images hold the
stored pixel values after the Modality LUT (slope/intercept), float32, one frame.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import numpy as np

VERTEBRA_LABELS = ["L1", "L2", "L3", "L4", "L5", "S1"]
DISC_LEVELS = ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"]
DIAGNOSES = ["normal", "bulge", "herniation"]
ROI_LABELS = ["disc"]


@dataclass
class DetSample:
    """One image for a detector: boxes with class indices into the task's label list."""

    image: np.ndarray
    boxes: List[List[float]]
    labels: List[int]
    group: str  # study id: k-fold splits never cut a study in two
    ref: str = ""  # file or image id, for messages
    orig_size: Tuple[int, int] = (0, 0)  # (width, height) before compact_det; (0, 0) = not yet


@dataclass
class ClsSample:
    """One ROI for the classifier. ``image`` is a context crop around the ROI (or the whole image)
    and ``roi`` the ROI box in that crop's pixels, so training can jitter the box as a detector
    would and still resample from native pixels exactly as inference does."""

    image: np.ndarray
    roi: List[float]
    label: int
    level: str
    group: str
    ref: str = ""


@dataclass
class Dataset:
    sagittal: List[DetSample] = field(default_factory=list)
    axial: List[DetSample] = field(default_factory=list)
    discs: List[ClsSample] = field(default_factory=list)
    sources: List[dict] = field(default_factory=list)

    def extend(self, other: "Dataset") -> None:
        self.sagittal += other.sagittal
        self.axial += other.axial
        self.discs += other.discs
        self.sources += other.sources


def context_crop(image: np.ndarray, roi: List[float], margin: float = 0.75) -> Tuple[np.ndarray, List[float]]:
    """Cut the native pixels around ``roi`` with ``margin`` x its size on each side (integer
    pixel bounds, clipped to the image); returns the crop and the ROI in crop pixels."""
    h, w = image.shape
    x0, y0, x1, y1 = roi
    bw, bh = x1 - x0, y1 - y0
    cx0 = int(max(0, np.floor(x0 - margin * bw)))
    cy0 = int(max(0, np.floor(y0 - margin * bh)))
    cx1 = int(min(w, np.ceil(x1 + margin * bw)))
    cy1 = int(min(h, np.ceil(y1 + margin * bh)))
    crop = np.ascontiguousarray(image[cy0:cy1, cx0:cx1], dtype=np.float32)
    return crop, [x0 - cx0, y0 - cy0, x1 - cx0, y1 - cy0]



def optional_box(value: Optional[list]) -> Optional[List[float]]:
    return None if value is None else [float(v) for v in value]


def compact_det(samples: List[DetSample], size: int) -> List[DetSample]:
    """Replace each image by its model input (``size`` x ``size``, z-scored, float16) and scale its
    boxes to input pixels, so that thousands of axial slices fit in memory."""
    from .preprocess import prepare  # local: keep samples.py free of numeric helpers

    out = []
    for s in samples:
        if s.orig_size != (0, 0):
            out.append(s)
            continue
        h, w = s.image.shape
        sx, sy = size / w, size / h
        boxes = [[b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy] for b in s.boxes]
        img = prepare(s.image, [0, 0, w, h], size).astype(np.float16)
        out.append(DetSample(img, boxes, list(s.labels), s.group, s.ref, (w, h)))
    return out
