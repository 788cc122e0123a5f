"""Reads `discern phantom` output: one folder per study with DICOM files and truth.json
(contract: lib/phantom/truth.ts, schema discern.phantom-truth/v1)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

import numpy as np
import pydicom

from .samples import (DIAGNOSES, VERTEBRA_LABELS, ClsSample, Dataset, DetSample,
                      compact_det, context_crop)


def read_dicom_pixels(path: Path) -> np.ndarray:
    """First frame of a DICOM image as float32 stored values after the Modality LUT."""
    ds = pydicom.dcmread(str(path))
    arr = ds.pixel_array
    if arr.ndim == 3 and int(getattr(ds, "NumberOfFrames", 1) or 1) > 1:
        arr = arr[0]
    if arr.ndim != 2:
        raise ValueError(f"{path}: expected one grey frame, got shape {arr.shape}")
    slope = float(getattr(ds, "RescaleSlope", 1) or 1)
    intercept = float(getattr(ds, "RescaleIntercept", 0) or 0)
    return arr.astype(np.float32) * slope + intercept


def find_studies(roots: Iterable[Path]) -> List[Path]:
    """Every folder below ``roots`` that holds a truth.json."""
    found: List[Path] = []
    for root in roots:
        found += sorted(p.parent for p in Path(root).rglob("truth.json"))
    return found


def load_phantom_study(folder: Path, min_seed: Optional[int] = None) -> Dataset:
    truth = json.loads((folder / "truth.json").read_text())
    if truth.get("schema") != "discern.phantom-truth/v1":
        raise ValueError(f"{folder}: unknown truth schema {truth.get('schema')!r}")
    seed = int(truth["seed"])
    if min_seed is not None and seed < min_seed:
        raise ValueError(f"{folder}: seed {seed} is held out for evaluation (< {min_seed})")
    group = f"phantom-{seed}-{folder.name}"
    out = Dataset(sources=[{"kind": "phantom", "seed": seed, "variant": truth.get("variant")}])

    sag = read_dicom_pixels(folder / truth["sagittal"]["midFile"])
    boxes = [[float(v) for v in t["box"]] for t in truth["vertebrae"]]
    labels = [VERTEBRA_LABELS.index(t["label"]) for t in truth["vertebrae"]]
    out.sagittal.append(DetSample(sag, boxes, labels, group, truth["sagittal"]["midFile"]))

    diagnosis = {lv["level"]: DIAGNOSES.index(lv["diagnosis"]) for lv in truth["levels"]}
    for s in truth["slices"]:
        try:
            img = read_dicom_pixels(folder / s["file"])
        except Exception as err:  # noqa: BLE001 - a codec pydicom lacks: skip the slice, say so
            print(f"warning: {folder / s['file']}: {err}", file=sys.stderr)
            continue
        roi = s.get("roi")
        if roi is None:
            out.axial.append(DetSample(img, [], [], group, s["file"]))
            continue
        roi = [float(v) for v in roi]
        out.axial.append(DetSample(img, [roi], [0], group, s["file"]))
        if s.get("atDisc") and s.get("level") in diagnosis:
            crop, box = context_crop(img, roi)
            out.discs.append(ClsSample(crop, box, diagnosis[s["level"]], s["level"], group, s["file"]))
    return out


def load_phantoms(roots: Iterable[Path], min_seed: Optional[int] = None,
                  sizes: Optional[Tuple[int, int]] = None) -> Dataset:
    """All studies below ``roots``; with ``sizes`` = (sagittal, axial) input sizes the detector
    images are compacted study by study (see samples.compact_det)."""
    data = Dataset()
    studies = find_studies(roots)
    for i, folder in enumerate(studies):
        study = load_phantom_study(folder, min_seed)
        if sizes is not None:
            study.sagittal = compact_det(study.sagittal, sizes[0])
            study.axial = compact_det(study.axial, sizes[1])
        data.extend(study)
        if (i + 1) % 50 == 0:
            print(f"loaded {i + 1}/{len(studies)} phantom studies", file=sys.stderr)
    return data
