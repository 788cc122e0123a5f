"""The real-exam source of the vertebra detector (realdata.py), its augmentation and its figures:
    /usr/bin/python3 -m unittest models.training.tests.test_realdata
Needs ../shared/realdata (or DISCERN_REALDATA); the split-file checks run without it.
"""
from __future__ import annotations

import os
import random
import unittest
from pathlib import Path

import numpy as np
import torch

from models.training import realdata as rd
from models.training.vertebra_augment import Source, augment, to_input
from models.training.vertebra_eval import count_from_sacrum, match, nms, wilson
from models.training.vertebra_real import masked_focal

REPO = Path(__file__).resolve().parents[3]
ROOT = Path(os.environ.get("DISCERN_REALDATA", REPO.parent / "shared" / "realdata"))
HAVE = (ROOT / "index.json").exists()


class SplitFileTest(unittest.TestCase):
    def test_no_exam_in_two_splits_and_every_set_tested(self) -> None:
        splits = rd.read_split()
        seen = [e for v in splits.values() for e in v]
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(len(seen), 70)
        for s in ("VB3", "VB1", "IVD"):
            for name in ("train", "validation", "test"):
                self.assertTrue(any(e.startswith(s + "-") for e in splits[name]), (s, name))

    @unittest.skipUnless(HAVE, "no ../shared/realdata")
    def test_split_file_is_what_the_seeded_rule_gives(self) -> None:
        self.assertEqual(rd.make_split(rd.load_index(ROOT)), rd.read_split())


@unittest.skipUnless(HAVE, "no ../shared/realdata")
class SlabTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        index = {rd.exam_id(e): e for e in rd.load_index(ROOT)}
        cls.vb3 = rd.load_exam(ROOT, index["VB3-01"])
        cls.vb1 = rd.load_exam(ROOT, index["VB1-03"])

    def test_vb3_mid_slab(self) -> None:
        s = rd.make_slab(self.vb3, 0, 4)
        self.assertEqual(s.image.shape, (224, 224))
        np.testing.assert_allclose(s.image, self.vb3.image[:, :, 10:14].mean(axis=2), rtol=1e-6)
        self.assertEqual(sorted(s.names), ["L1", "L2", "L3", "L4", "L5"])
        ordered = [n for _, n in sorted(zip([b[1] for b in s.boxes], s.names))]
        self.assertEqual(ordered, ["L1", "L2", "L3", "L4", "L5"])  # rows run superior -> inferior
        self.assertEqual(s.classes, [0] * 5)
        for b in s.boxes + s.ignore:
            self.assertTrue(0 <= b[0] < b[2] <= 224 and 0 <= b[1] < b[3] <= 224, b)
        # unlabelled T12 above L1 and sacrum below L5 are ignore regions
        l1 = s.boxes[s.names.index("L1")]
        l5 = s.boxes[s.names.index("L5")]
        self.assertTrue(any(g[1] == 0 and g[3] == l1[1] for g in s.ignore))
        self.assertTrue(any(g[1] == l5[3] and g[3] == 224 for g in s.ignore))
        self.assertEqual(int(s.instances.max()), 5)

    def test_vb1_lowest_body_is_the_sacrum(self) -> None:
        s = rd.make_slab(self.vb1, 0, 4)
        lowest = max(range(len(s.boxes)), key=lambda k: s.boxes[k][3])
        self.assertEqual(s.names[lowest], "S1")
        self.assertEqual(s.classes[lowest], 1)
        self.assertEqual(sum(s.classes), 1)
        self.assertGreaterEqual(len(s.boxes), 7)

    def test_augmented_boxes_stay_inside_the_input(self) -> None:
        s = rd.make_slab(self.vb1, 0, 4)
        src = Source(s.image, s.instances, s.classes, 1.0)
        rng = random.Random(5)
        for _ in range(6):
            x, boxes, classes, hm, *_rest = augment(src, 160, rng)
            self.assertEqual(x.shape, (160, 160))
            self.assertGreaterEqual(float(x.min()), 0.0)
            self.assertLessEqual(float(x.max()), 1.0 + 1e-6)
            self.assertEqual(len(boxes), len(classes))
            for b in boxes:
                self.assertTrue(-1e-3 <= b[0] < b[2] <= 160.001 and -1e-3 <= b[1] < b[3] <= 160.001, b)
            self.assertEqual(int((hm == 1).sum()), len(boxes))

    def test_train_loader_never_yields_test_or_validation_exams(self) -> None:
        splits = rd.read_split()
        got = {e.exam_id for e in rd.load_exams(ROOT, "train")}
        self.assertTrue(got)
        self.assertFalse(got & set(splits["test"]))
        self.assertFalse(got & set(splits["validation"]))
        self.assertFalse(any(e.startswith("IVD-") for e in got))  # discs only: no body labels


class PresenceRuleTest(unittest.TestCase):
    def test_body_positive_partial_or_absent_by_slab_position(self) -> None:
        """Synthetic volume: L3, L4 on slices 7-17; L5 on slices 7-8 (40 px) and 16-17 (100 px)."""
        labels = np.zeros((40, 30, 24), np.uint8)
        labels[5:15, 5:15, 7:18] = 1
        labels[17:27, 5:15, 7:18] = 2
        labels[29:33, 5:15, 7:9] = 3
        labels[29:39, 5:15, 16:18] = 3
        exam = rd.RealExam("X-1", "VB1", labels.astype(np.float32) * 50, labels,
                           {1: "L3", 2: "L4", 3: "L5"})
        self.assertEqual(rd.spine_centre(labels), 12)
        mid = rd.make_slab(exam, 0, 3)  # slices 11-13
        self.assertEqual(mid.names, ["L3", "L4"])
        self.assertEqual(mid.boxes, [[5.0, 5.0, 15.0, 15.0], [5.0, 17.0, 15.0, 27.0]])
        self.assertEqual(mid.ignore, [[2.5, 0.0, 17.5, 5.0]])  # above the top body, +-25% band
        left = rd.make_slab(exam, -4, 3)  # slices 7-9: L5 shows 40 of its 100 px
        self.assertEqual(left.names, ["L3", "L4"])
        self.assertIn([5.0, 29.0, 15.0, 33.0], left.ignore)
        right = rd.make_slab(exam, 4, 3)  # slices 15-17: L5 whole
        self.assertEqual(right.names, ["L3", "L4", "L5"])
        self.assertEqual(right.boxes[2], [5.0, 29.0, 15.0, 39.0])


class LossAndCountingTest(unittest.TestCase):
    def test_ignore_mask_switches_off_negatives_only(self) -> None:
        p = torch.full((1, 2, 8, 8), 0.5)
        zeros = torch.zeros(1, 2, 8, 8)
        heads = (p, torch.zeros(1, 2, 8, 8), torch.zeros(1, 2, 8, 8))
        plain = masked_focal(heads, zeros, zeros, zeros, torch.zeros(1, 8, 8), torch.zeros(1, 8, 8))
        masked = masked_focal(heads, zeros, zeros, zeros, torch.zeros(1, 8, 8), torch.ones(1, 8, 8))
        # 128 negatives at p = 0.5: -log(0.5) * 0.25 each, divided by max(positives, 1) = 1
        self.assertAlmostEqual(float(plain), 128 * 0.25 * np.log(2), places=3)
        self.assertAlmostEqual(float(masked), 0.0, places=6)

    def test_count_up_from_the_sacrum(self) -> None:
        boxes = [[10, 10 + 20 * k, 30, 28 + 20 * k] for k in range(7)]  # top to bottom
        dets = [(0, 0.9, b) for b in boxes[:6]] + [(1, 0.8, boxes[6])]
        names, from_sacrum = count_from_sacrum(dets)
        self.assertTrue(from_sacrum)
        self.assertEqual(names["S1"], boxes[6])
        self.assertEqual(names["L5"], boxes[5])
        self.assertEqual(names["L1"], boxes[1])
        self.assertEqual(names["T12"], boxes[0])
        names, from_sacrum = count_from_sacrum(dets[1:6])
        self.assertFalse(from_sacrum)
        self.assertEqual(names, {})  # no sacrum: nothing named
        # L3 missed (a gap of two steps) and L5 seen twice (a weaker box 4 px lower)
        gap = [d for k, d in enumerate(dets) if k != 3] + [(0, 0.2, [10, 114, 30, 132])]
        names, _ = count_from_sacrum(gap)
        self.assertEqual(names["L5"], boxes[5])
        self.assertEqual(names["L4"], boxes[4])
        self.assertNotIn("L3", names)
        self.assertEqual(names["L2"], boxes[2])
        self.assertEqual(names["T12"], boxes[0])

    def test_nms_and_matching(self) -> None:
        a, b = [0, 0, 10, 10], [1, 0, 11, 10]
        self.assertEqual(len(nms([(0, 0.9, a), (0, 0.8, b), (1, 0.7, b)], 0.3)), 2)
        tp, n, counted = match([(0, 0.9, a), (0, 0.5, [50, 50, 60, 60]), (0, 0.4, [80, 0, 90, 9])],
                               [a, [20, 20, 30, 30]], [[45, 45, 70, 70]])
        self.assertEqual((tp, n, counted), (1, 2, 2))  # the box inside the ignore region is not counted

    def test_wilson_interval(self) -> None:
        lo, hi = wilson(5, 10)  # Brown, Cai & DasGupta 2001: 0.2366-0.7634
        self.assertAlmostEqual(lo, 0.2366, places=3)
        self.assertAlmostEqual(hi, 0.7634, places=3)
        self.assertEqual(wilson(0, 0), (None, None))

    def test_to_input_maps_boxes_through_the_centered_square(self) -> None:
        img = np.zeros((100, 50), np.float32)
        img[40:60, 10:20] = 1.0
        x, boxes, _ = to_input(img, [[10.0, 40.0, 20.0, 60.0]], [], 100)
        # square [-25, 0, 75, 100] -> input x = (x + 25) * 1
        self.assertEqual(boxes[0], [35.0, 40.0, 45.0, 60.0])
        self.assertGreater(float(x[50, 40]), 0.99)
        self.assertLess(float(x[50, 60]), 0.01)


if __name__ == "__main__":
    unittest.main()


class ManifestTest(unittest.TestCase):
    def test_manifest_follows_the_v020_contract_and_card_renders(self) -> None:
        import tempfile

        from models.training.export import export_onnx
        from models.training.nets import CenterNetSmall
        from models.training.vertebra_card import card
        from models.training.vertebra_export import SPEC, manifest

        torch.manual_seed(0)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            export_onnx(CenterNetSmall(2, 8).eval(), SPEC, folder / "model.onnx")
            m = manifest(folder, {"sources": {"real": {"trainExams": ["VB3-01"]}}},
                         {"realTest": {"all": {"exams": ["VB3-04"], "middleSlabs": {}}}}, 1e-6)
        self.assertEqual(m["version"], "0.2.0")
        self.assertEqual(m["labels"], ["vertebra", "sacrum"])
        self.assertEqual(m["output"]["maxPerClass"], {"vertebra": 14, "sacrum": 2})
        self.assertEqual(m["output"]["assignment"], {"method": "count-from-sacrum"})
        self.assertEqual(m["preprocess"]["resample"]["region"], "centered-square")
        self.assertTrue(m["preprocess"]["resample"]["keepAspect"])
        self.assertEqual(m["preprocess"]["normalize"],
                         {"method": "percentile-clip", "low": 1.0, "high": 99.0, "eps": 1e-6})
        self.assertEqual(m["input"]["shape"], [-1, 1, m["preprocess"]["resample"]["width"],
                                               m["preprocess"]["resample"]["height"]])
        self.assertRegex(m["sha256"], "^[0-9a-f]{64}$")
        text = card(m)
        self.assertIn("VB3-01", text)
        self.assertIn("n/a (n 0)", text)  # an empty figure says so instead of inventing one


class S1InViewTest(unittest.TestCase):
    def test_geometry_rule(self) -> None:
        from models.training.vertebra_export import s1_in_view

        def slab(names, boxes, h=100):
            return rd.Slab(np.zeros((h, 50), np.float32), boxes, [0] * len(boxes), names, [],
                           np.zeros((h, 50), np.int16), "X", 0, 4)

        self.assertTrue(s1_in_view(slab(["L5", "S1"], [[0, 50, 10, 70], [0, 75, 10, 95]])))
        self.assertTrue(s1_in_view(slab(["L5"], [[0, 70, 10, 88]])))   # 12 px below >= 0.6 x 18
        self.assertFalse(s1_in_view(slab(["L5"], [[0, 80, 10, 98]])))  # 2 px below
        self.assertFalse(s1_in_view(slab(["L4"], [[0, 10, 10, 28]])))  # no L5: cannot tell
