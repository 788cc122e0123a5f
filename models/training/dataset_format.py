"""Reader and writer of the platform's exported dataset format, discern.dataset/v1
(models/DATASET_FORMAT.md is the specification; keep the two in step)."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
from PIL import Image

from .samples import (DIAGNOSES, DISC_LEVELS, ROI_LABELS, VERTEBRA_LABELS, ClsSample, Dataset,
                      DetSample)

SCHEMA = "discern.dataset/v1"
CSV_COLUMNS = ["image", "level", "label", "split", "roi_x0", "roi_y0", "roi_x1", "roi_y1",
               "study", "sop_instance_uid"]


def read_png16(path: Path, offset: float, scale: float) -> np.ndarray:
    """A 16-bit grey PNG back to stored values: value = png * scale + offset (float32)."""
    with Image.open(path) as im:
        arr = np.array(im)
    if arr.ndim != 2:
        raise ValueError(f"{path}: expected a single-channel PNG, got shape {arr.shape}")
    return arr.astype(np.float32) * scale + offset


def write_png16(path: Path, image: np.ndarray, offset: float = 0.0, scale: float = 1.0) -> None:
    q = np.rint((image.astype(np.float64) - offset) / scale)
    if q.min() < 0 or q.max() > 65535:
        raise ValueError(f"{path}: values do not fit 16 bits with offset {offset}, scale {scale}")
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(q.astype(np.uint16)).save(path)


def _read_coco(root: Path, part: str, names: Sequence[str], offset: float, scale: float,
               split: Optional[str]) -> List[DetSample]:
    ann_path = root / part / "annotations.json"
    if not ann_path.exists():
        return []
    coco = json.loads(ann_path.read_text())
    cat_index = {c["id"]: names.index(c["name"]) for c in coco["categories"]}
    by_image: Dict[int, List[dict]] = {}
    for a in coco["annotations"]:
        by_image.setdefault(a["image_id"], []).append(a)
    out: List[DetSample] = []
    for im in coco["images"]:
        if split is not None and im.get("split") != split:
            continue
        pixels = read_png16(root / part / im["file_name"], offset, scale)
        boxes, labels = [], []
        for a in by_image.get(im["id"], []):
            x, y, w, h = (float(v) for v in a["bbox"])
            boxes.append([x, y, x + w, y + h])
            labels.append(cat_index[a["category_id"]])
        out.append(DetSample(pixels, boxes, labels, str(im.get("study", im["id"])), im["file_name"]))
    return out


def load_exported(root: Path, split: Optional[str] = None) -> Dataset:
    """Load an exported dataset folder; ``split`` keeps only rows of that split ("train", …)."""
    meta = json.loads((root / "dataset.json").read_text())
    if meta.get("schema") != SCHEMA:
        raise ValueError(f"{root}: not a {SCHEMA} dataset (schema {meta.get('schema')!r})")
    png = meta.get("png", {})
    offset, scale = float(png.get("valueOffset", 0.0)), float(png.get("valueScale", 1.0))
    data = Dataset(sources=[{"kind": "export", "name": meta["name"], "version": meta["version"],
                             "labelSource": meta.get("labelSource")}])
    data.sagittal = _read_coco(root, "sagittal", VERTEBRA_LABELS, offset, scale, split)
    data.axial = _read_coco(root, "axial", ROI_LABELS, offset, scale, split)
    csv_path = root / "classification" / "manifest.csv"
    if csv_path.exists():
        with csv_path.open(newline="") as f:
            for row in csv.DictReader(f):
                if split is not None and row["split"] != split:
                    continue
                if row["level"] not in DISC_LEVELS:
                    raise ValueError(f"{csv_path}: unknown level {row['level']!r}")
                pixels = read_png16(root / "classification" / row["image"], offset, scale)
                roi = [float(row[k]) for k in ("roi_x0", "roi_y0", "roi_x1", "roi_y1")]
                data.discs.append(ClsSample(pixels, roi, DIAGNOSES.index(row["label"]), row["level"],
                                            row.get("study") or row["image"], row["image"]))
    return data


def write_exported(root: Path, data: Dataset, name: str, version: str, label_source: str,
                   split_seed: int, splits: Optional[Dict[str, str]] = None) -> None:
    """Write ``data`` in the export format (used by the tests and to turn phantoms into a sample
    export); ``splits`` maps a sample's group (study) to its split, default "train"."""
    splits = splits or {}
    root.mkdir(parents=True, exist_ok=True)
    (root / "dataset.json").write_text(json.dumps({
        "schema": SCHEMA, "name": name, "version": version, "labelSource": label_source,
        "splitSeed": split_seed, "png": {"valueOffset": 0.0, "valueScale": 1.0},
        "counts": {"sagittal": len(data.sagittal), "axial": len(data.axial), "discs": len(data.discs)},
    }, indent=2) + "\n")
    for part, samples, names in (("sagittal", data.sagittal, VERTEBRA_LABELS),
                                 ("axial", data.axial, ROI_LABELS)):
        images, anns = [], []
        for i, s in enumerate(samples, start=1):
            file_name = f"images/{i:06d}.png"
            write_png16(root / part / file_name, s.image)
            h, w = s.image.shape
            images.append({"id": i, "file_name": file_name, "width": w, "height": h,
                           "study": s.group, "split": splits.get(s.group, "train")})
            for box, label in zip(s.boxes, s.labels):
                x0, y0, x1, y1 = box
                anns.append({"id": len(anns) + 1, "image_id": i, "category_id": label + 1,
                             "bbox": [x0, y0, x1 - x0, y1 - y0], "area": (x1 - x0) * (y1 - y0),
                             "iscrowd": 0})
        cats = [{"id": k + 1, "name": n, "supercategory": part} for k, n in enumerate(names)]
        (root / part).mkdir(parents=True, exist_ok=True)
        (root / part / "annotations.json").write_text(json.dumps(
            {"images": images, "annotations": anns, "categories": cats}) + "\n")
    (root / "classification" / "crops").mkdir(parents=True, exist_ok=True)
    with (root / "classification" / "manifest.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for i, s in enumerate(data.discs, start=1):
            file_name = f"crops/{i:06d}.png"
            write_png16(root / "classification" / file_name, s.image)
            w.writerow([file_name, s.level, DIAGNOSES[s.label], splits.get(s.group, "train"),
                        *[f"{v:.3f}" for v in s.roi], s.group, ""])
