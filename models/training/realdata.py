"""Real sagittal lumbar MR exams (../shared/realdata, see its README) as a training and evaluation
source for the vertebra detector, beside the phantoms.

Each ``<set>-<nn>.npz`` holds ``image`` and ``labels`` of shape [rows S->I, columns A->P, slices
L->R], 1 mm isotropic; ``index.json`` names every label value (``L3``, ``S1``, ``L4-L5`` ...).
A 2D sagittal input is a *slab*: the mean of ``thickness`` neighbouring 1 mm slices (a clinical
sagittal image is 3.5-4.5 mm thick) at an offset from the spine's middle. Image space is the slab's
pixels: x = column (anterior -> posterior), y = row (superior -> inferior), corner origin, boxes
``[x0, y0, x1, y1]`` with x1/y1 exclusive.

Per body the slab either shows it (positive box), shows part of it (an *ignore* region: neither a
positive nor a negative for the heatmap loss), or misses it. Bodies visible but unlabelled are
ignore regions too: VB3 labels only L1-L5 (T12 above and the sacrum below are unlabelled), VB1
labels 7-9 bodies (whatever lies above the top one is unlabelled). IVD labels only discs: it gives
no vertebra samples.

The split (train / validation / test by exam, stratified by set, seeded) is committed in
realdata_split.json; :func:`make_split` recreates it, the tests check it never changes silently.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np

VERTEBRA_CLASSES = ["vertebra", "sacrum"]
SPLIT_FILE = Path(__file__).with_name("realdata_split.json")
SPLIT_SEED = 20261130
SPLIT_FRACTIONS = (0.65, 0.15, 0.20)  # train, validation, test (per set, rounded; test >= 1)
PRESENT_FRACTION = 0.5  # body is positive when its slab area >= this x its largest sagittal area


@dataclass
class RealExam:
    """One exam: ``image`` float32 and ``labels`` uint8 volumes [rows, cols, slices]; ``names``
    label value -> name; ``exam_id`` e.g. "VB3-07"; ``set`` "VB3" | "VB1" | "IVD"."""

    exam_id: str
    set: str
    image: np.ndarray
    labels: np.ndarray
    names: Dict[int, str]
    largest: Optional[Dict[int, int]] = None  # label value -> largest single-slice area (memo)

    def largest_area(self, value: int) -> int:
        """Pixels of label ``value`` on the sagittal slice where it is largest (memoised)."""
        if self.largest is None:
            self.largest = {}
        if value not in self.largest:
            full = self.labels == value
            self.largest[value] = int(full.sum(axis=(0, 1)).max()) if full.any() else 0
        return self.largest[value]


@dataclass
class Slab:
    """A 2D sagittal input made from one exam: ``image`` (rows, cols) float32 stored values;
    ``boxes``/``classes`` the bodies shown (class index into VERTEBRA_CLASSES); ``ignore`` boxes
    where the heatmap loss must not count (unlabelled or partly shown bodies); ``names`` the truth
    name of each positive box ("L4", "S1", "T12" ...); ``instances`` (rows, cols) int16 map: 0 =
    background, k > 0 = positive box k-1, -k = ignore box k-1 (for geometric augmentation)."""

    image: np.ndarray
    boxes: List[List[float]]
    classes: List[int]
    names: List[str]
    ignore: List[List[float]]
    instances: np.ndarray
    exam_id: str
    offset_mm: int
    thickness_mm: int


def exam_id(entry: dict) -> str:
    return str(entry["file"]).rsplit(".", 1)[0]


def load_index(root: Path) -> List[dict]:
    """index.json of a realdata folder: [{file, set, shape, labels: {value: name}, labelBasis}]."""
    return json.loads((Path(root) / "index.json").read_text())


def make_split(index: Sequence[dict], seed: int = SPLIT_SEED,
               fractions: Tuple[float, float, float] = SPLIT_FRACTIONS) -> Dict[str, List[str]]:
    """Exams -> {"train", "validation", "test"}: per set, exam ids sorted, shuffled with ``seed``,
    then cut at the rounded fractions (at least one test and one validation exam per set of >= 3)."""
    out: Dict[str, List[str]] = {"train": [], "validation": [], "test": []}
    sets = sorted({e["set"] for e in index})
    for k, name in enumerate(sets):
        ids = sorted(exam_id(e) for e in index if e["set"] == name)
        random.Random(seed + k).shuffle(ids)
        n = len(ids)
        n_test = max(1, round(fractions[2] * n)) if n >= 3 else 0
        n_val = max(1, round(fractions[1] * n)) if n >= 3 else 0
        out["test"] += ids[:n_test]
        out["validation"] += ids[n_test:n_test + n_val]
        out["train"] += ids[n_test + n_val:]
    return {k: sorted(v) for k, v in out.items()}


def read_split(path: Path = SPLIT_FILE) -> Dict[str, List[str]]:
    return json.loads(Path(path).read_text())["splits"]


def load_exam(root: Path, entry: dict) -> RealExam:
    with np.load(Path(root) / entry["file"]) as z:
        image = z["image"].astype(np.float32)
        labels = z["labels"].astype(np.uint8)
    names = {int(k): str(v) for k, v in entry["labels"].items()}
    return RealExam(exam_id(entry), str(entry["set"]), image, labels, names)


def load_exams(root: Path, split: Optional[str], sets: Sequence[str] = ("VB3", "VB1"),
               split_file: Path = SPLIT_FILE) -> List[RealExam]:
    """The exams of ``split`` ("train" | "validation" | "test"; None = all) in ``sets``. Exams of
    another split are never read."""
    keep = None if split is None else set(read_split(split_file)[split])
    return [load_exam(root, e) for e in load_index(root)
            if e["set"] in sets and (keep is None or exam_id(e) in keep)]


def spine_centre(labels: np.ndarray) -> int:
    """Slice index (L->R) of the spine's middle: the labelled voxels' mean slice, rounded."""
    per_slice = (labels > 0).sum(axis=(0, 1)).astype(np.float64)
    if per_slice.sum() == 0:
        return labels.shape[2] // 2
    return int(round(float((per_slice * np.arange(labels.shape[2])).sum() / per_slice.sum())))


def _bbox(mask: np.ndarray) -> List[float]:
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    return [float(cols[0]), float(rows[0]), float(cols[-1] + 1), float(rows[-1] + 1)]


def _rank(name: str) -> int:
    """Craniocaudal order of a body name: T10 < T12 < L1 < L5 < S1."""
    return {"T": 0, "L": 100, "S": 200}[name[0]] + int(name[1:])


def make_slab(exam: RealExam, offset_mm: int, thickness_mm: int) -> Slab:
    """Mean of ``thickness_mm`` 1 mm slices centred ``offset_mm`` from the spine's middle (slices
    clipped to the volume). A body is positive when its slab area (pixels inside it on at least half
    of the slab's slices) is >= PRESENT_FRACTION x its largest single-slice area; smaller but
    non-empty: ignore box. Unlabelled bodies (VB3: T12 and the sacrum; VB1: above the top label)
    become ignore regions: the labelled column band (box x-range padded 25%) above the top body's
    top, and for VB3 also below L5's bottom."""
    n = exam.image.shape[2]
    c = spine_centre(exam.labels) + offset_mm
    lo = int(np.clip(c - thickness_mm // 2, 0, n - thickness_mm))
    hi = lo + thickness_mm
    image = exam.image[:, :, lo:hi].mean(axis=2)
    slab_labels = exam.labels[:, :, lo:hi]
    h, w = image.shape
    instances = np.zeros((h, w), np.int16)
    boxes: List[List[float]] = []
    classes: List[int] = []
    names: List[str] = []
    ignore: List[List[float]] = []
    shown: List[Tuple[str, List[float]]] = []
    bodies = [(v, n) for v, n in exam.names.items() if "-" not in n]  # IVD's disc labels: not bodies
    for value, name in sorted(bodies, key=lambda kv: _rank(kv[1])):
        largest = exam.largest_area(value)
        if largest == 0:
            continue
        inside = (slab_labels == value).sum(axis=2) * 2 >= thickness_mm
        area = int(inside.sum())
        if area == 0:
            continue
        box = _bbox(inside)
        shown.append((name, box))
        if area >= PRESENT_FRACTION * largest:
            boxes.append(box)
            classes.append(1 if name == "S1" else 0)
            names.append(name)
            instances[inside] = len(boxes)
        else:
            ignore.append(box)
    if shown:
        xs0 = min(b[0] for _, b in shown)
        xs1 = max(b[2] for _, b in shown)
        pad = 0.25 * (xs1 - xs0)
        band = (max(0.0, xs0 - pad), min(float(w), xs1 + pad))
        top = min(b[1] for _, b in shown)
        if top > 0:
            ignore.append([band[0], 0.0, band[1], top])
        if exam.set == "VB3":
            bottom = max(b[3] for _, b in shown)
            if bottom < h:
                ignore.append([band[0], bottom, band[1], float(h)])
    for k, b in enumerate(ignore):
        region = instances[int(b[1]):int(np.ceil(b[3])), int(b[0]):int(np.ceil(b[2]))]
        region[region == 0] = -(k + 1)
    return Slab(image.astype(np.float32), boxes, classes, names, ignore, instances,
                exam.exam_id, offset_mm, thickness_mm)


def iter_slabs(exams: Sequence[RealExam], offsets: Sequence[int] = (-4, -2, 0, 2, 4),
               thicknesses: Sequence[int] = (3, 4)) -> Iterator[Slab]:
    """Every (exam, offset, thickness) slab, exams in order."""
    for exam in exams:
        for t in thicknesses:
            for o in offsets:
                yield make_slab(exam, o, t)


def write_split(root: Path, path: Path = SPLIT_FILE) -> Dict[str, List[str]]:
    """Write realdata_split.json from ``root``'s index.json (run once; the file is committed)."""
    index = load_index(root)
    splits = make_split(index)
    sets = {exam_id(e): e["set"] for e in index}
    path.write_text(json.dumps({
        "schema": "discern.realdata-split/v1",
        "source": "../shared/realdata (index.json), split by exam, stratified by set",
        "seed": SPLIT_SEED, "fractions": {"train": SPLIT_FRACTIONS[0], "validation": SPLIT_FRACTIONS[1],
                                          "test": SPLIT_FRACTIONS[2]},
        "rule": "test and validation exams are never used for training or tuning; test only for the "
                "final figures",
        "counts": {k: {s: sum(1 for i in v if sets[i] == s) for s in sorted(set(sets.values()))}
                   for k, v in splits.items()},
        "splits": splits}, indent=1) + "\n")
    return splits


if __name__ == "__main__":
    import sys

    write_split(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/realdata"))
    print(f"wrote {SPLIT_FILE}")
