"""Checks of the disc models' domain randomisation and held-out statistics:
    /usr/bin/python3 -m unittest models.training.tests.test_disc_augment
"""
from __future__ import annotations

import math
import unittest

import numpy as np

from models.training.axial_augment import (Acquisition, augment_axial, augment_roi, jitter_roi,
                                           map_box, reacquire)
from models.training.disc_eval import iou, wilson
from models.training.disc_train import lr_factor


def bright_box_image(box, shape=(200, 240)) -> np.ndarray:
    img = np.zeros(shape, np.float32)
    x0, y0, x1, y1 = (int(v) for v in box)
    img[y0:y1, x0:x1] = 1.0
    return img


class ReacquireTest(unittest.TestCase):
    def test_box_follows_the_pixels_under_rotation_flip_and_rescale(self) -> None:
        box = [100.0, 60.0, 140.0, 90.0]  # 40 x 30 px at 0.8 mm
        src = bright_box_image(box)
        for angle_deg, flip in ((0.0, (False, False)), (17.0, (True, False)), (-20.0, (True, True))):
            acq = Acquisition(pixel_mm=0.5, fov_mm=(150.0, 120.0), angle=math.radians(angle_deg), flip=flip)
            centre = (100.0, 70.0)  # source mm
            out = reacquire(src, 0.8, acq, centre)
            ys, xs = np.nonzero(out > 0.5)
            mapped = map_box(box, 0.8, acq, centre)
            # The bright square's centroid (measured on the pixels) is the mapped box's centre.
            self.assertAlmostEqual(xs.mean() + 0.5, (mapped[0] + mapped[2]) / 2, delta=0.6)
            self.assertAlmostEqual(ys.mean() + 0.5, (mapped[1] + mapped[3]) / 2, delta=0.6)
            # Its area scales with the pixel size: (0.8 / 0.5)^2, rotation keeps it.
            self.assertAlmostEqual(len(xs) / (40 * 30 * (0.8 / 0.5) ** 2), 1.0, delta=0.06)
            if angle_deg == 0.0:
                self.assertAlmostEqual(mapped[2] - mapped[0], 40 * 0.8 / 0.5, places=4)

    def test_rotated_box_is_the_inscribed_ellipse_bound_not_the_corners(self) -> None:
        acq = Acquisition(pixel_mm=1.0, fov_mm=(100.0, 100.0), angle=math.radians(90), flip=(False, False))
        b = map_box([0.0, 0.0, 40.0, 20.0], 1.0, acq, (20.0, 10.0))
        self.assertAlmostEqual(b[2] - b[0], 20.0, places=4)  # width and height swap at 90 degrees
        self.assertAlmostEqual(b[3] - b[1], 40.0, places=4)

    def test_matrix_is_capped_and_pixel_size_kept_below_the_cap(self) -> None:
        self.assertEqual(Acquisition(1.0, (200.0, 150.0), 0.0, (False, False)).matrix, (200, 150))
        self.assertEqual(Acquisition(0.4, (256.0, 256.0), 0.0, (False, False)).matrix, (320, 320))


class AugmentTest(unittest.TestCase):
    def test_detector_sample_is_a_zscored_input_with_the_disc_box_inside(self) -> None:
        rng = np.random.default_rng(3)
        box = [100.0, 60.0, 160.0, 120.0]
        src = bright_box_image(box) * 1000 + rng.uniform(0, 50, (200, 240)).astype(np.float32)
        for _ in range(10):
            x, b = augment_axial(src, 0.8, box, 96, rng)
            self.assertEqual(x.shape, (96, 96))
            self.assertAlmostEqual(float(x.mean()), 0.0, delta=1e-3)
            self.assertAlmostEqual(float(x.std()), 1.0, delta=1e-2)
            self.assertIsNotNone(b)
            cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
            self.assertTrue(0 <= cx < 96 and 0 <= cy < 96)
        _, none = augment_axial(src, 0.8, None, 96, rng)
        self.assertIsNone(none)

    def test_classifier_sample_shape(self) -> None:
        rng = np.random.default_rng(4)
        crop = bright_box_image([30, 30, 70, 60], (90, 100)) * 800
        x = augment_roi(crop, 0.7, [30.0, 30.0, 70.0, 60.0], 64, rng)
        self.assertEqual(x.shape, (64, 64))
        self.assertTrue(np.isfinite(x).all())

    def test_roi_jitter_stays_a_plausible_detector_box(self) -> None:
        rng = np.random.default_rng(5)
        box = [10.0, 20.0, 110.0, 100.0]
        for _ in range(200):
            j = jitter_roi(box, rng)
            self.assertGreater(iou(j, box), 0.4)
            self.assertGreater(j[2], j[0])
            self.assertGreater(j[3], j[1])


class StatsTest(unittest.TestCase):
    def test_wilson_matches_published_values(self) -> None:
        # Brown, Cai & DasGupta (2001) / Newcombe (1998): 8 of 10 -> 0.490 to 0.943.
        lo, hi = wilson(8, 10)
        self.assertAlmostEqual(lo, 0.4902, places=3)
        self.assertAlmostEqual(hi, 0.9433, places=3)
        self.assertEqual(wilson(0, 0), (None, None))
        self.assertEqual(wilson(5, 5)[1], 1.0)

    def test_lr_schedule_warms_up_then_anneals(self) -> None:
        self.assertAlmostEqual(lr_factor(0.0), 0.1)
        self.assertAlmostEqual(lr_factor(0.05), 1.0)
        self.assertAlmostEqual(lr_factor(1.0), 0.01)
        self.assertLess(lr_factor(0.8), lr_factor(0.3))


if __name__ == "__main__":
    unittest.main()
