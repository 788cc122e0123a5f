"""Axial training data for the disc models at native resolution (the domain randomisation of
axial_augment.py re-acquires each slice, so it needs the source pixels and their spacing, not the
96 x 96 model inputs that samples.compact_det keeps).

Per phantom study (truth.json, lib/phantom/truth.ts): every axial slice with its ROI (or none) for
the detector, and a context crop around the ROI of every slice that cuts a disc for the classifier.
Images are float16 stored values after the Modality LUT (12-bit phantom values are exact to 2).
"""
from __future__ import annotations

import json
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

import numpy as np
import pydicom

from .phantoms import find_studies
from .samples import DIAGNOSES, context_crop


@dataclass
class AxialSlice:
    image: np.ndarray          # (rows, columns) float16
    pixel_mm: float            # mean in-plane pixel spacing (mm)
    roi: Optional[List[float]]  # true ROI, image pixels, or None
    group: str                 # study id
    variant: str


@dataclass
class DiscCrop:
    image: np.ndarray          # context crop (float32)
    pixel_mm: float
    roi: List[float]           # ROI in crop pixels
    label: int                 # index into DIAGNOSES
    level: str
    group: str
    variant: str


def read_slice(path: Path) -> Tuple[np.ndarray, float]:
    """(stored values x slope + intercept as float32, mean pixel spacing in mm)."""
    ds = pydicom.dcmread(str(path))
    arr = ds.pixel_array.astype(np.float32)
    slope = float(getattr(ds, "RescaleSlope", 1) or 1)
    intercept = float(getattr(ds, "RescaleIntercept", 0) or 0)
    spacing = [float(v) for v in getattr(ds, "PixelSpacing", [1.0, 1.0])]
    return arr * slope + intercept, float(np.mean(spacing))


def load_study(folder: Path, min_seed: Optional[int]) -> Tuple[List[AxialSlice], List[DiscCrop]]:
    truth = json.loads((folder / "truth.json").read_text())
    seed = int(truth["seed"])
    if min_seed is not None and seed < min_seed:
        raise ValueError(f"{folder}: seed {seed} is held out for evaluation (< {min_seed})")
    group, variant = f"phantom-{seed}-{folder.name}", str(truth.get("variant"))
    diagnosis = {lv["level"]: DIAGNOSES.index(lv["diagnosis"]) for lv in truth["levels"]}
    slices: List[AxialSlice] = []
    crops: List[DiscCrop] = []
    for s in truth["slices"]:
        img, mm = read_slice(folder / s["file"])
        roi = None if s.get("roi") is None else [float(v) for v in s["roi"]]
        slices.append(AxialSlice(img.astype(np.float16), mm, roi, group, variant))
        if roi is not None and s.get("atDisc") and s.get("level") in diagnosis:
            crop, box = context_crop(img, roi)
            crops.append(DiscCrop(crop, mm, box, diagnosis[s["level"]], s["level"], group, variant))
    return slices, crops


def load_axial(roots: Iterable[Path], min_seed: Optional[int], cache: Optional[Path] = None
               ) -> Tuple[List[AxialSlice], List[DiscCrop]]:
    """All studies below ``roots``, memoised in ``cache`` (pickle keyed by the study folders)."""
    studies = find_studies(roots)
    key = [str(p.resolve()) for p in studies]
    if cache is not None and cache.exists():
        with cache.open("rb") as f:
            stored, data = pickle.load(f)
        if stored == key:
            return data
    slices: List[AxialSlice] = []
    crops: List[DiscCrop] = []
    for i, folder in enumerate(studies):
        a, b = load_study(folder, min_seed)
        slices += a
        crops += b
        if (i + 1) % 50 == 0:
            print(f"loaded {i + 1}/{len(studies)} studies", file=sys.stderr, flush=True)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as f:
            pickle.dump((key, (slices, crops)), f, protocol=pickle.HIGHEST_PROTOCOL)
    return slices, crops
