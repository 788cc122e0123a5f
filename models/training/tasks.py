"""The three model specifications: ids, input sizes, labels, output decoders, training defaults."""
from __future__ import annotations

from dataclasses import dataclass
from typing import List

from .samples import DIAGNOSES, ROI_LABELS, VERTEBRA_LABELS

MODEL_VERSION = "0.1.0"


@dataclass(frozen=True)
class TaskSpec:
    name: str            # CLI name
    model_id: str        # folder under models/ and manifest id
    task: str            # manifest task
    kind: str            # "centernet" | "classifier"
    labels: List[str]
    size: int            # square input side, pixels
    width: int           # network base width
    epochs: int
    batch: int
    lr: float
    max_per_class: int = 1
    score_threshold: float = 0.1
    description: str = ""
    # exclusive assignment (one label per object) over this many peaks per class; 0 = off
    exclusive_candidates: int = 0
    conflict_iou: float = 0.4


TASKS = {
    "vertebrae": TaskSpec(
        "vertebrae", "discern-vertebrae-centernet", "vertebra-detection", "centernet",
        VERTEBRA_LABELS, 128, 16, 20, 16, 3e-3, 1, 0.1,
        "Vertebral bodies L1..S1 on the mid-sagittal T2 image; one box per label at most.",
        exclusive_candidates=3),
    "roi": TaskSpec(
        "roi", "discern-disc-roi-centernet", "disc-roi-detection", "centernet",
        ROI_LABELS, 96, 16, 5, 32, 3e-3, 1, 0.1,
        "Disc region of interest (disc plus canal, generous) on an axial T2 image; none when the "
        "slice misses the disc."),
    "classifier": TaskSpec(
        "classifier", "discern-disc-classifier", "disc-classification", "classifier",
        DIAGNOSES, 64, 16, 20, 64, 3e-3,
        description="Normal disc / disc bulge / disc herniation from the ROI crop of an axial T2 "
        "image; class-weighted (cost-sensitive) cross-entropy."),
}
