"""Tiny end-to-end checks of the training code on fake tensors (no phantoms needed):
    /usr/bin/python3 -m unittest discover -s models/training/tests -t .
"""
from __future__ import annotations

import json
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

from models.training.dataset_format import load_exported, write_exported
from models.training.detection import decode, gaussian_targets
from models.training.export import check_parity, export_onnx, write_manifest
from models.training.fit import train_classifier, train_detector
from models.training.preprocess import (centered_square_box, normalize_percentile_clip, percentiles_lower,
                                        prepare, resample)
from models.training.samples import ClsSample, Dataset, DetSample, compact_det
from models.training.tasks import TASKS


def fake_dataset(rng: np.random.Generator) -> Dataset:
    data = Dataset()
    for i in range(4):
        img = rng.integers(0, 300, size=(80, 100)).astype(np.float32)
        boxes = [[10.0 + 5 * k, 8.0 + 12 * k, 30.0 + 5 * k, 18.0 + 12 * k] for k in range(6)]
        for b in boxes:
            img[int(b[1]):int(b[3]), int(b[0]):int(b[2])] += 1000
        data.sagittal.append(DetSample(img, boxes, list(range(6)), f"s{i}"))
        data.axial.append(DetSample(img.copy(), [[20.0, 20.0, 60.0, 50.0]], [0], f"s{i}"))
        data.axial.append(DetSample(img.copy(), [], [], f"s{i}"))
        data.discs.append(ClsSample(img[10:70, 10:90].copy(), [5.0, 5.0, 60.0, 50.0], i % 3,
                                    "L4-L5", f"s{i}"))
    return data


class PreprocessTest(unittest.TestCase):
    def test_identity_resample_and_zscore(self) -> None:
        img = np.arange(12, dtype=np.float32).reshape(3, 4)
        np.testing.assert_allclose(resample(img, [0, 0, 4, 3], 4, 3), img)
        x = prepare(img, [0, 0, 4, 3], 8)
        self.assertAlmostEqual(float(x.mean()), 0.0, places=5)
        self.assertAlmostEqual(float(x.std()), 1.0, places=3)

    def test_downsample_half_pixel(self) -> None:
        img = np.array([[0, 2, 4, 6]], dtype=np.float32)
        np.testing.assert_allclose(resample(img, [0, 0, 4, 1], 2, 1), [[1.0, 5.0]])


class ContractPreprocessTest(unittest.TestCase):
    """The two AI-CONTRACT options; the same hand-computed figures are asserted by
    test/unit/inference/preprocess.test.ts (the TypeScript twin)."""

    def test_centered_square_of_a_4x2_image(self) -> None:
        img = np.arange(8, dtype=np.float32).reshape(2, 4)
        box = centered_square_box(4, 2)
        self.assertEqual(box, [0.0, -1.0, 4.0, 3.0])
        # 4x4: rows y = i - 1 clamp to 0, 0, 1, 1.
        np.testing.assert_array_equal(resample(img, box, 4, 4),
                                      [[0, 1, 2, 3], [0, 1, 2, 3], [4, 5, 6, 7], [4, 5, 6, 7]])
        # 2x2: x = 0.5, 2.5; y = -0.5 -> 0, 1.5 -> 1.
        np.testing.assert_array_equal(resample(img, box, 2, 2), [[0.5, 2.5], [4.5, 6.5]])

    def test_percentile_clip_on_a_known_array(self) -> None:
        x = np.array([5, 1, 9, 3, 7, 2, 8, 4, 6, 10], dtype=np.float32)
        self.assertEqual(percentiles_lower(x, 10, 90), (1.0, 9.0))
        np.testing.assert_allclose(normalize_percentile_clip(x, 10, 90, eps=0.0),
                                   [0.5, 0, 1, 0.25, 0.75, 0.125, 0.875, 0.375, 0.625, 1])
        self.assertEqual(percentiles_lower(np.arange(101, dtype=np.float32), 1, 99), (1.0, 99.0))


class DecodeTest(unittest.TestCase):
    def test_targets_decode_round_trip(self) -> None:
        boxes = [[10.0, 20.0, 50.0, 44.0]]
        hm, size, off, _ = gaussian_targets(boxes, [2], 3, 32)
        dets = decode(hm, size, off, 1, 0.5)
        self.assertEqual(len(dets), 1)
        label, score, box = dets[0]
        self.assertEqual(label, 2)
        self.assertAlmostEqual(score, 1.0)
        np.testing.assert_allclose(box, boxes[0], atol=1e-4)


class ExportFormatAndTrainingTest(unittest.TestCase):
    def test_export_format_round_trip_train_and_onnx(self) -> None:
        torch.set_num_threads(2)
        data = fake_dataset(np.random.default_rng(0))
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "export"
            write_exported(root, data, "fake", "1", "test", 0, {"s3": "test"})
            back = load_exported(root)
            self.assertEqual(len(back.sagittal), 4)
            self.assertEqual(len(back.axial), 8)
            self.assertEqual(len(back.discs), 4)
            np.testing.assert_allclose(back.sagittal[0].image, data.sagittal[0].image)
            np.testing.assert_allclose(back.sagittal[0].boxes, data.sagittal[0].boxes)
            self.assertEqual(back.sagittal[0].labels, list(range(6)))
            np.testing.assert_allclose(back.discs[1].roi, data.discs[1].roi, atol=1e-3)
            self.assertEqual(len(load_exported(root, split="test").discs), 1)

            spec = TASKS["vertebrae"]
            det = train_detector(compact_det(back.sagittal, spec.size), spec, 1, "cpu")
            onnx_path = Path(tmp) / spec.model_id / "model.onnx"
            export_onnx(det, spec, onnx_path)
            self.assertLess(check_parity(det, spec, onnx_path), 1e-3)
            m = json.loads(write_manifest(spec, onnx_path.parent, {}, {}, 0.0).read_text())
            self.assertEqual(m["output"]["format"], "centernet")
            self.assertEqual(len(m["sha256"]), 64)

            cspec = TASKS["classifier"]
            cls = train_classifier(back.discs, cspec, 1, "cpu")
            cpath = Path(tmp) / cspec.model_id / "model.onnx"
            export_onnx(cls, cspec, cpath)
            self.assertLess(check_parity(cls, cspec, cpath), 1e-3)


if __name__ == "__main__":
    unittest.main()


class PhantomCliTest(unittest.TestCase):
    def test_train_cli_end_to_end_on_fake_phantoms(self) -> None:
        import sys
        from unittest import mock

        from models.training import train
        from models.training.phantoms import load_phantoms
        from models.training.tests.fake_phantom import write_fake_study

        with tempfile.TemporaryDirectory() as tmp:
            t = Path(tmp)
            for seed in (1000, 1001):
                write_fake_study(t / "train" / f"s{seed}", seed)
            write_fake_study(t / "eval" / "s5", 5)
            write_fake_study(t / "bad" / "s7", 7)
            data = load_phantoms([t / "train"], min_seed=1000)
            self.assertEqual((len(data.sagittal), len(data.axial), len(data.discs)), (2, 20, 10))
            self.assertEqual(float(data.axial[0].image[0, 0]) % 2, 0.0)  # slope 2 applied
            with self.assertRaises(ValueError):
                load_phantoms([t / "bad"], min_seed=1000)  # held-out seeds are refused
            argv = ["train", "--data", str(t / "train"), "--eval-data", str(t / "eval"),
                    "--out", str(t / "models"), "--checkpoints", str(t / "ckpt"), "--epochs", "1",
                    "--folds", "2"]
            with mock.patch.object(sys, "argv", argv):
                train.main()
            for task in TASKS.values():
                folder = t / "models" / task.model_id
                m = json.loads((folder / "manifest.json").read_text())
                self.assertEqual(m["metrics"]["heldOut"]["seeds"], "5")
                self.assertIn("synthetic phantoms only", (folder / "MODEL_CARD.md").read_text())


class ExclusiveAssignmentTest(unittest.TestCase):
    def test_shared_body_goes_to_one_label(self) -> None:
        from models.training.detection import assign_exclusive

        l5, s1 = [100.0, 175.0, 145.0, 213.0], [114.0, 206.0, 157.0, 245.0]
        out = assign_exclusive([(0, 0.32, l5), (1, 0.34, l5), (1, 0.29, s1)], 2, 0.4)
        self.assertEqual(out, [(0, 0.32, l5), (1, 0.29, s1)])
