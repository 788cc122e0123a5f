"""Domain randomisation for the vertebra detector: one source sagittal image (a real slab or a phantom
mid-sagittal image) -> one model input with CenterNet targets and a loss-ignore mask.

Source: ``image`` (H, W) stored values, ``pixel_mm`` its pixel size, ``instances`` (H, W) int16
(0 background, k > 0 positive body k-1, -k ignore region k-1), ``classes`` per positive body (0
vertebra, 1 sacrum). The simulated acquisition re-samples it at a new pixel size (0.4-1.2 mm), field
of view, matrix aspect, crop centre (fields that start at L2 or show T10-S2), rotation (+-15 deg)
and anterior/posterior flip; then a contrast curve (gamma, non-monotone curves that swap T1/T2-like
tissue order), bias field, blur and Rician noise. The result goes through the same preprocessing as
inference (centered-square resample, percentile clip). Boxes are recomputed from the transformed
instance map (tight boxes around rotated bodies); a body cut by the field of view to less than half
its area becomes an ignore region.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import List, Optional, Tuple

import numpy as np
from scipy import ndimage

from .detection import STRIDE, gaussian_targets
from .preprocess import centered_square_box, prepare_square_clip

MAX_MATRIX = 320  # the simulated matrix is capped (CPU); the 160 px input is coarser anyway


@dataclass
class Source:
    image: np.ndarray
    instances: np.ndarray
    classes: List[int]
    pixel_mm: float
    ref: str = ""


def boxes_from_instances(instances: np.ndarray, n_pos: int, n_ign: int, expected: Optional[np.ndarray]
                         ) -> Tuple[List[List[float]], List[int], List[List[float]]]:
    """Positive boxes (with their instance index) and ignore boxes from an instance map. With
    ``expected`` areas (pixels) a positive shown below half of it turns into an ignore box."""
    boxes: List[List[float]] = []
    keep: List[int] = []
    ignore: List[List[float]] = []
    objs = ndimage.find_objects(np.where(instances > 0, instances, 0).astype(np.int32), max_label=n_pos)
    for k, sl in enumerate(objs):
        if sl is None:
            continue
        box = [float(sl[1].start), float(sl[0].start), float(sl[1].stop), float(sl[0].stop)]
        area = int((instances[sl] == k + 1).sum())
        if expected is not None and area < 0.5 * expected[k]:
            ignore.append(box)
        else:
            boxes.append(box)
            keep.append(k)
    neg = np.where(instances < 0, -instances, 0).astype(np.int32)
    for sl in ndimage.find_objects(neg, max_label=n_ign):
        if sl is not None:
            ignore.append([float(sl[1].start), float(sl[0].start), float(sl[1].stop), float(sl[0].stop)])
    return boxes, keep, ignore


def simulate_geometry(src: Source, rng: random.Random, vflip: float = 0.1
                      ) -> Tuple[np.ndarray, np.ndarray, float]:
    """Re-acquire ``src`` with a random field of view, pixel size, rotation and flip (anterior /
    posterior with p 0.5, superior / inferior with p ``vflip``: what flipped DICOM axes give).
    Returns the new image, its instance map and the area scale (new pixels per source pixel)."""
    h, w = src.image.shape
    hmm, wmm = h * src.pixel_mm, w * src.pixel_mm
    fov_h = hmm * rng.uniform(0.55, 1.1)
    aspect = 1.0 if rng.random() < 0.45 else rng.uniform(0.55, 1.25)
    fov_w = min(fov_h * aspect, wmm * 1.1)
    pixel = max(rng.uniform(0.4, 1.2), max(fov_h, fov_w) / MAX_MATRIX)
    rows, cols = max(32, int(round(fov_h / pixel))), max(32, int(round(fov_w / pixel)))
    cy = hmm / 2 + rng.uniform(-0.25, 0.25) * hmm
    cx = wmm / 2 + rng.uniform(-0.15, 0.15) * wmm
    theta = math.radians(rng.uniform(-15.0, 15.0))
    flip_x = rng.random() < 0.5
    flip_y = rng.random() < vflip
    # output pixel centre (r, c) -> source pixel coordinates (row, col), both centre-indexed
    step = pixel / src.pixel_mm
    cos, sin = math.cos(theta), math.sin(theta)
    fy, fx = (-1.0 if flip_y else 1.0), (-1.0 if flip_x else 1.0)
    mat = np.array([[cos * step * fy, -sin * step * fx], [sin * step * fy, cos * step * fx]])
    centre_out = np.array([(rows - 1) / 2, (cols - 1) / 2])
    centre_src = np.array([cy / src.pixel_mm - 0.5, cx / src.pixel_mm - 0.5])
    offset = centre_src - mat @ centre_out
    image = src.image
    if step > 1.3:
        image = ndimage.gaussian_filter(image, 0.4 * step)
    out = ndimage.affine_transform(image, mat, offset, (rows, cols), order=1, mode="constant", cval=0.0)
    inst = ndimage.affine_transform(src.instances, mat, offset, (rows, cols), order=0, mode="constant",
                                    cval=0)
    return out.astype(np.float32), inst.astype(np.int16), 1.0 / (step * step)


def contrast(x: np.ndarray, rng: random.Random) -> np.ndarray:
    """Random intensity transfer on an image scaled to [0, 1]: gamma, then (sometimes) a random
    piecewise-linear curve, monotone or not (T1/T2-like swaps), background kept dark."""
    x = np.clip(x, 0.0, 1.0) ** rng.uniform(0.6, 1.7)
    if rng.random() < 0.4:
        knots = np.linspace(0.0, 1.0, 6)
        vals = np.array([rng.uniform(0.0, 0.1)] + [rng.uniform(0.05, 1.0) for _ in range(5)])
        if rng.random() < 0.5:
            vals[1:] = np.sort(vals[1:])
        x = np.interp(x, knots, vals).astype(np.float32)
    return x


def artefacts(x: np.ndarray, rng: random.Random) -> np.ndarray:
    """Bias field (smooth multiplicative, up to +-50%), blur and Rician noise."""
    h, w = x.shape
    if rng.random() < 0.7:
        coarse = np.random.default_rng(rng.randrange(1 << 30)).normal(0.0, 1.0, (4, 4))
        field = ndimage.zoom(coarse, (h / 4, w / 4), order=1)[:h, :w]
        field = np.pad(field, ((0, h - field.shape[0]), (0, w - field.shape[1])), mode="edge")
        x = x * np.exp(rng.uniform(0.0, 0.5) * field / 2).astype(np.float32)
    if rng.random() < 0.3:
        x = ndimage.gaussian_filter(x, rng.uniform(0.3, 1.2))
    if rng.random() < 0.75:
        sigma = rng.uniform(0.005, 0.06)
        g = np.random.default_rng(rng.randrange(1 << 30))
        x = np.sqrt((x + g.normal(0, sigma, x.shape)) ** 2 + g.normal(0, sigma, x.shape) ** 2)
    return x.astype(np.float32)


def to_input(image: np.ndarray, boxes: List[List[float]], ignore: List[List[float]], size: int
             ) -> Tuple[np.ndarray, List[List[float]], List[List[float]]]:
    """Model input (centered-square resample, percentile clip) and the boxes in input pixels."""
    h, w = image.shape
    x0, y0, x1, _ = centered_square_box(w, h)
    k = size / (x1 - x0)

    def tr(b: List[float]) -> List[float]:
        return [(b[0] - x0) * k, (b[1] - y0) * k, (b[2] - x0) * k, (b[3] - y0) * k]

    return prepare_square_clip(image, size), [tr(b) for b in boxes], [tr(b) for b in ignore]


def ignore_cells(ignore: List[List[float]], out: int) -> np.ndarray:
    """(out, out) 1 where a heatmap cell's centre lies in an ignore box (input pixels)."""
    m = np.zeros((out, out), np.float32)
    centres = (np.arange(out) + 0.5) * STRIDE
    for b in ignore:
        cols = (centres >= b[0]) & (centres < b[2])
        rows = (centres >= b[1]) & (centres < b[3])
        m[np.ix_(rows, cols)] = 1.0
    return m


def acquire(src: Source, size: int, rng: random.Random, plain: bool = False, vflip: float = 0.1
            ) -> Tuple[np.ndarray, List[List[float]], List[int], List[List[float]]]:
    """Model input (size, size) in [0, 1], positive boxes in input pixels, the index of each in
    ``src.classes`` (bodies cut below half their area are dropped to ignore), and ignore boxes in
    input pixels. ``plain`` skips the randomisation (evaluation of the image as it is)."""
    n_pos = len(src.classes)
    n_ign = int(-src.instances.min()) if src.instances.size and src.instances.min() < 0 else 0
    if plain:
        image, inst, scale = src.image.astype(np.float32), src.instances, 1.0
    else:
        image, inst, scale = simulate_geometry(src, rng, vflip)
    expected = np.array([(src.instances == k + 1).sum() * scale for k in range(n_pos)])
    boxes, keep, ignore = boxes_from_instances(inst, n_pos, n_ign, None if plain else expected)
    if not plain:
        top = float(np.percentile(image, 99.5)) or 1.0
        image = artefacts(contrast(image / top, rng), rng)
    x, boxes, ignore = to_input(image, boxes, ignore, size)
    return x, boxes, keep, ignore


def augment(src: Source, size: int, rng: random.Random, plain: bool = False, vflip: float = 0.1):
    """One training example: (input (size, size) float32, boxes in input px, classes, heatmap,
    size, offset, centre mask, ignore mask). ``plain`` skips the randomisation (evaluation)."""
    x, boxes, keep, ignore = acquire(src, size, rng, plain, vflip)
    classes = [src.classes[k] for k in keep]
    out = size // STRIDE
    hm, sz, off, mask = gaussian_targets(boxes, classes, 2, out)
    return x, boxes, classes, hm, sz, off, mask, ignore_cells(ignore, out)
