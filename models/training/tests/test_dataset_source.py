"""Training on an export honours its splits (issue 14): the test split is refused for fitting and
selection, and a real --dataset run never opens a test-split image before every model is fixed.
    /usr/bin/python3 -m unittest models.training.tests.test_dataset_source
"""
from __future__ import annotations

import builtins
import csv
import json
import sys
import tempfile
import unittest
from pathlib import Path
from typing import List, Tuple
from unittest import mock

import numpy as np
import PIL.Image
import torch

from models.training import dataset_source
from models.training.dataset_format import write_exported
from models.training.samples import ClsSample, Dataset, DetSample, DISC_LEVELS
from models.training.tasks import TASKS

REPO = Path(__file__).resolve().parents[3]
SPLITS = {"s0": "train", "s1": "train", "s2": "train", "s3": "val", "s4": "test", "s5": "test"}


def split_export(root: Path) -> None:
    """Six tiny studies (rectangles for vertebrae and discs) written as an export with splits."""
    rng = np.random.default_rng(3)
    data = Dataset()
    for i, group in enumerate(SPLITS):
        img = rng.integers(0, 300, size=(80, 100)).astype(np.float32)
        boxes = [[10.0 + 5 * k, 8.0 + 12 * k, 30.0 + 5 * k, 18.0 + 12 * k] for k in range(6)]
        for b in boxes:
            img[int(b[1]):int(b[3]), int(b[0]):int(b[2])] += 1000
        data.sagittal.append(DetSample(img, boxes, list(range(6)), group))
        data.axial.append(DetSample(img.copy(), [[20.0, 20.0, 60.0, 50.0]], [0], group))
        data.axial.append(DetSample(img.copy(), [], [], group))
        for k, level in enumerate(DISC_LEVELS[:2]):
            data.discs.append(ClsSample(img[10:70, 10:90].copy(), [5.0, 5.0, 60.0, 50.0], (i + k) % 3, level, group))
    write_exported(root, data, "tiny", "4", "reviewed", 11, SPLITS)


def files_of_split(root: Path, split: str) -> List[str]:
    """Every image file the export lists for one split (COCO parts and the classification CSV)."""
    out = []
    for part in ("sagittal", "axial"):
        coco = json.loads((root / part / "annotations.json").read_text())
        out += [str((root / part / im["file_name"]).resolve()) for im in coco["images"] if im["split"] == split]
    with (root / "classification" / "manifest.csv").open(newline="") as f:
        out += [str((root / "classification" / r["image"]).resolve()) for r in csv.DictReader(f) if r["split"] == split]
    return out


class LoadSplitTest(unittest.TestCase):
    def test_test_split_is_refused_for_fit_and_selection(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "export"
            split_export(root)
            for purpose in ("fit", "select"):
                with self.assertRaises(dataset_source.TestSplitRead):
                    dataset_source.load_split(root, "test", purpose)
            with self.assertRaises(dataset_source.TestSplitRead):
                dataset_source.load_split(root, "val", "fit")
            train = dataset_source.load_split(root, "train", "fit")
            self.assertEqual(sorted({s.group for s in train.sagittal}), ["s0", "s1", "s2"])
            self.assertEqual(len(dataset_source.load_split(root, "test", "report").discs), 4)

    def test_next_version_bumps_the_highest_known_or_takes_the_given_one(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            (out / "m").mkdir()
            (out / "m" / "manifest.json").write_text(json.dumps({"version": "1.4.2"}))
            self.assertEqual(dataset_source.next_version("m", out, None), "1.5.0")
            self.assertEqual(dataset_source.next_version("nothing-here", out, None), "0.1.0")
            self.assertEqual(dataset_source.next_version("m", out, "2.0.0"), "2.0.0")
            with self.assertRaises(SystemExit):
                dataset_source.next_version("m", out, "latest")


class TrainOnDatasetTest(unittest.TestCase):
    def test_one_tiny_epoch_never_opens_a_test_image_before_the_models_are_fixed(self) -> None:
        from models.training import train

        torch.set_num_threads(1)
        with tempfile.TemporaryDirectory() as tmp:
            t = Path(tmp)
            split_export(t / "export")
            test_files = set(files_of_split(t / "export", "test"))
            train_files = set(files_of_split(t / "export", "train"))
            self.assertEqual(len(test_files), 2 + 4 + 4)
            opened: List[Tuple[str, str]] = []
            real_open, real_image_open = builtins.open, PIL.Image.open

            def spy_open(file, *args, **kwargs):
                if isinstance(file, (str, Path)):
                    opened.append((dataset_source.PHASE, str(Path(file).resolve())))
                return real_open(file, *args, **kwargs)

            def spy_image_open(fp, *args, **kwargs):
                if isinstance(fp, (str, Path)):
                    opened.append((dataset_source.PHASE, str(Path(fp).resolve())))
                return real_image_open(fp, *args, **kwargs)

            argv = ["train", "--dataset", str(t / "export"), "--out", str(t / "out"),
                    "--checkpoints", str(t / "ckpt"), "--epochs", "1"]
            with mock.patch.object(sys, "argv", argv), mock.patch.object(builtins, "open", spy_open), \
                    mock.patch.object(PIL.Image, "open", spy_image_open):
                train.main()
            early = {p for phase, p in opened if phase != "report"}
            late = {p for phase, p in opened if phase == "report"}
            self.assertEqual(early & test_files, set())  # no test image before the models were fixed
            self.assertEqual(test_files - late, set())   # ... and every one of them afterwards
            self.assertEqual(train_files - early, set())

            for spec in TASKS.values():
                m = json.loads((t / "out" / spec.model_id / "manifest.json").read_text())
                committed = json.loads((REPO / "models" / spec.model_id / "manifest.json").read_text())["version"]
                major, minor = (int(x) for x in committed.split(".")[:2])
                self.assertEqual(m["version"], f"{major}.{minor + 1}.0")
                self.assertEqual(m["training"]["dataset"], {"name": "tiny", "version": "4", "labelSource": "reviewed", "splitSeed": 11})
                self.assertEqual(m["training"]["sources"]["mix"][0]["split"], "train")
                self.assertEqual(m["training"]["selection"]["on"], "validation split")
                self.assertEqual(len(m["training"]["selection"]["validationScores"]), 1)
                self.assertEqual(m["metrics"]["dataset"], "tiny@4")
                self.assertFalse(m["demo"])
                self.assertIn("Test split", (t / "out" / spec.model_id / "MODEL_CARD.md").read_text())
            cls = json.loads((t / "out" / TASKS["classifier"].model_id / "manifest.json").read_text())
            self.assertEqual(cls["metrics"]["test"]["slices"], 4)
            self.assertEqual(cls["metrics"]["test"]["levels"], 4)  # 2 studies x 2 levels
            vert = json.loads((t / "out" / TASKS["vertebrae"].model_id / "manifest.json").read_text())
            self.assertEqual(vert["metrics"]["test"]["n"], 12)  # 2 test studies x 6 vertebrae
            self.assertEqual(vert["metrics"]["validation"]["n"], 6)


if __name__ == "__main__":
    unittest.main()
