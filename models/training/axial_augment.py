"""Domain randomisation for the axial disc models (disc-ROI detector and disc classifier).

The phantom renders one scanner: 256x256 matrix over 200 mm, 4 mm slabs, one T2 contrast, mild
noise. A real (or another generator's) axial image differs in field of view, matrix, pixel size,
orientation, contrast, noise, coil bias and texture. Each draw here re-acquires a training image
as a random scanner would, then hands it to the same preprocessing as inference
(``preprocess.prepare``: bilinear resample of the whole image or of the ROI box, per-image
z-score), so the model sees exactly the arithmetic of lib/inference.

Spaces: source and "acquired" images are arrays (rows, columns) of signal, pixel centres at
integer + 0.5 in the corner-origin pixel space of the repository (boxes ``[x0, y0, x1, y1]``,
x1/y1 exclusive). Geometry is chosen in millimetres so that pixel size (0.4-1.2 mm), field of
view and matrix vary independently of the source's own spacing.

Randomised (domain randomisation, Tobin et al. 2017; for MRI, Billot et al., SynthSeg 2023):
field of view and matrix (non-square matrices are squashed by the full-image resample exactly as
at inference), pixel size, in-plane rotation +-20 deg, left-right and anterior-posterior flips
(flipped DICOM row/column directions), position of the disc in the image, intensity curve (gamma,
piecewise-linear, windowing, a T1-like non-monotonic curve), bias field, multiplicative texture,
blur (partial volume of thicker slabs, lower resolution), Rician or Gaussian noise. For the
classifier, local signal blobs (nucleus brightness is not a diagnosis) and the ROI box jittered
in position, scale and aspect as a detector's box would be.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import numpy as np
from scipy import ndimage

from .preprocess import prepare

Box = List[float]

# Phantom T2 signal -> T1-like signal at the same tissue (lib/phantom/contrast.ts: air, cortex,
# muscle, marrow, fat, nucleus, CSF): fluid turns dark, fat and marrow bright.
_T1_KNOTS_X = np.array([0.0, 0.05, 0.2, 0.5, 0.74, 0.85, 1.0, 1.6])
_T1_KNOTS_Y = np.array([0.0, 0.05, 0.34, 0.74, 0.95, 0.4, 0.16, 0.16])
MAX_MATRIX = 320


@dataclass(frozen=True)
class Acquisition:
    """One random scanner setting. ``pixel_mm``: acquired pixel size (mm, square pixels);
    ``fov_mm``: (x, y) field of view; ``angle``: in-plane rotation (radians); ``flip``: (lr, ap)."""

    pixel_mm: float
    fov_mm: Tuple[float, float]
    angle: float
    flip: Tuple[bool, bool]

    @property
    def matrix(self) -> Tuple[int, int]:
        """(columns, rows) of the acquired image, at most MAX_MATRIX a side (CPU: a finer grid
        only changes the noise grain once the image is resampled to the model's 96 pixels)."""
        px = max(self.pixel_mm, max(self.fov_mm) / MAX_MATRIX)
        return (max(48, int(round(self.fov_mm[0] / px))), max(48, int(round(self.fov_mm[1] / px))))

    @property
    def grid_mm(self) -> float:
        """The pixel size actually used (mm): ``pixel_mm`` unless the matrix cap raised it."""
        return max(self.pixel_mm, max(self.fov_mm) / MAX_MATRIX)


def draw_acquisition(rng: np.random.Generator, fov_range: Tuple[float, float] = (140.0, 260.0),
                     rotate_deg: float = 20.0) -> Acquisition:
    """A random scanner geometry: FOV x in ``fov_range`` mm, y the same or 75-100 % of it (a
    rectangular FOV), pixel 0.4-1.2 mm, rotation +-``rotate_deg``, each flip with p = 0.5."""
    fx = float(rng.uniform(*fov_range))
    fy = fx if rng.random() < 0.6 else fx * float(rng.uniform(0.75, 1.0))
    if rng.random() < 0.25:
        fx, fy = fy, fx
    return Acquisition(pixel_mm=float(rng.uniform(0.4, 1.2)), fov_mm=(fx, fy),
                       angle=math.radians(float(rng.uniform(-rotate_deg, rotate_deg))),
                       flip=(bool(rng.random() < 0.5), bool(rng.random() < 0.5)))


def _forward(acq: Acquisition, centre_mm: Tuple[float, float], x: np.ndarray, y: np.ndarray
             ) -> Tuple[np.ndarray, np.ndarray]:
    """Acquired pixel coordinates (corner origin) -> source millimetres."""
    w, h = acq.matrix
    px = acq.grid_mm
    u = (x - w / 2.0) * px
    v = (y - h / 2.0) * px
    if acq.flip[0]:
        u = -u
    if acq.flip[1]:
        v = -v
    c, s = math.cos(acq.angle), math.sin(acq.angle)
    return centre_mm[0] + c * u - s * v, centre_mm[1] + s * u + c * v


def map_box(box: Sequence[float], src_mm: float, acq: Acquisition, centre_mm: Tuple[float, float]) -> Box:
    """A source box (source pixels) in acquired pixels. Rotation keeps the centre exactly and
    takes the bounding box of the box's inscribed ellipse (what an annotator would draw around the
    rotated disc), not of its corners, which would inflate it."""
    cx = (box[0] + box[2]) / 2 * src_mm - centre_mm[0]
    cy = (box[1] + box[3]) / 2 * src_mm - centre_mm[1]
    hw = (box[2] - box[0]) / 2 * src_mm
    hh = (box[3] - box[1]) / 2 * src_mm
    c, s = math.cos(acq.angle), math.sin(acq.angle)
    u, v = c * cx + s * cy, -s * cx + c * cy  # inverse rotation
    if acq.flip[0]:
        u = -u
    if acq.flip[1]:
        v = -v
    hu = math.sqrt((hw * c) ** 2 + (hh * s) ** 2)
    hv = math.sqrt((hw * s) ** 2 + (hh * c) ** 2)
    w, h = acq.matrix
    px = acq.grid_mm
    ux, vy = u / px + w / 2.0, v / px + h / 2.0
    return [ux - hu / px, vy - hv / px, ux + hu / px, vy + hv / px]


def reacquire(src: np.ndarray, src_mm: float, acq: Acquisition, centre_mm: Tuple[float, float]) -> np.ndarray:
    """Resample ``src`` (pixel ``src_mm`` mm) onto the acquired grid centred at ``centre_mm``
    (source mm). Outside the source: 0 (air). Pre-blurred when the acquired pixel is coarser, as
    a coarser acquisition integrates more tissue."""
    if acq.grid_mm > src_mm * 1.05:
        src = ndimage.gaussian_filter(src, 0.45 * math.sqrt((acq.grid_mm / src_mm) ** 2 - 1))
    w, h = acq.matrix
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64) + 0.5
    mx, my = _forward(acq, centre_mm, xs, ys)
    coords = np.stack([my / src_mm - 0.5, mx / src_mm - 0.5])
    return ndimage.map_coordinates(src.astype(np.float32), coords, order=1, mode="constant", cval=0.0)


def _smooth_field(rng: np.random.Generator, shape: Tuple[int, int], cells: int) -> np.ndarray:
    """Smooth random field in about [-1, 1]: ``cells`` x ``cells`` normals upsampled (cubic)."""
    grid = rng.standard_normal((cells, cells)).astype(np.float32)
    zoom = (shape[0] / cells, shape[1] / cells)
    f = ndimage.zoom(grid, zoom, order=3, mode="nearest")[: shape[0], : shape[1]]
    if f.shape != shape:
        f = np.pad(f, ((0, shape[0] - f.shape[0]), (0, shape[1] - f.shape[1])), mode="edge")
    return f


def intensity_curve(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random contrast: T1-like non-monotonic curve (p 0.15) or gamma 0.5-2 then a random
    monotone piecewise-linear curve, then a window (values clipped as a display window would)."""
    x = np.clip(x, 0.0, None)
    if rng.random() < 0.15:
        ky = np.clip(_T1_KNOTS_Y + rng.normal(0, 0.06, _T1_KNOTS_Y.shape), 0.0, None)
        return np.interp(x, _T1_KNOTS_X, ky).astype(np.float32)
    y = np.power(x, float(np.exp(rng.uniform(math.log(0.5), math.log(2.0)))))
    knots = np.sort(rng.uniform(0.0, 1.0, 4))
    vals = np.sort(rng.uniform(0.0, 1.0, 4))
    kx = np.concatenate([[0.0], knots, [1.0]])
    ky = np.concatenate([[0.0], vals, [1.0]])
    t = float(rng.uniform(0.0, 0.6))  # blend with identity: mostly mild curves
    y = np.interp(np.clip(y, 0, 1), kx, ky) * t + np.clip(y, 0, 1) * (1 - t) + np.clip(y - 1, 0, None)
    if rng.random() < 0.3:
        lo, hi = float(rng.uniform(0.0, 0.12)), float(rng.uniform(0.65, 1.3))
        y = np.clip(y, lo, hi)
    return y.astype(np.float32)


def blobs(img: np.ndarray, rng: np.random.Generator, pixel_mm: float) -> np.ndarray:
    """1-4 Gaussian blobs (radius 3-12 mm, anywhere) that scale the signal by exp(N(0, 0.35)):
    the brightness of a nucleus, a fat pad or a root then says nothing about the diagnosis (in the
    phantom, degenerated, darker nuclei are commoner in bulges and herniations)."""
    h, w = img.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32) + 0.5
    gain = np.zeros((h, w), np.float32)
    for _ in range(int(rng.integers(1, 5))):
        r = float(rng.uniform(3.0, 12.0)) / pixel_mm
        cx, cy = float(rng.uniform(0, w)), float(rng.uniform(0, h))
        gain += float(rng.normal(0, 0.35)) * np.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * r * r))
    return img * np.exp(gain)


def corrupt(img: np.ndarray, rng: np.random.Generator, strength: float = 1.0) -> np.ndarray:
    """Contrast curve, bias field, texture, blur and noise on an acquired image whose signal is
    scaled so that bright fluid is about 1. Returns float32, non-negative, scaled by a random
    storage factor (the z-score removes it; kept so no step relies on absolute values)."""
    shape = img.shape
    y = intensity_curve(img, rng)
    if rng.random() < 0.8:  # receive-coil bias: smooth multiplicative field
        amp = float(rng.uniform(0.1, 0.5)) * strength
        y = y * np.exp(amp * _smooth_field(rng, shape, int(rng.integers(2, 5))))
    if rng.random() < 0.6:  # tissue texture (marrow, fat septa): mid-frequency multiplicative
        amp = float(rng.uniform(0.03, 0.18)) * strength
        y = y * (1.0 + amp * _smooth_field(rng, shape, int(rng.integers(12, 40))))
    if rng.random() < 0.5:  # thicker slab / lower resolution / motion
        y = ndimage.gaussian_filter(y, float(rng.uniform(0.3, 1.6)) * strength)
    if rng.random() < 0.9:
        sigma = float(np.exp(rng.uniform(math.log(0.005), math.log(0.09)))) * strength
        if rng.random() < 0.7:  # magnitude image: Rician
            y = np.sqrt((y + rng.normal(0, sigma, shape)) ** 2 + rng.normal(0, sigma, shape) ** 2)
        else:
            y = np.clip(y + rng.normal(0, sigma, shape), 0, None)
    return (y * float(rng.uniform(200.0, 3000.0))).astype(np.float32)


def _source_scale(src: np.ndarray) -> float:
    """Signal that maps to 1: the 99.5th percentile (bright fluid or fat)."""
    v = float(np.percentile(src, 99.5))
    return v if v > 0 else 1.0


def reacquire_slice(src: np.ndarray, src_mm: float, box: Optional[Sequence[float]],
                    rng: np.random.Generator) -> Tuple[np.ndarray, Optional[Box]]:
    """A random re-acquisition of one axial slice: the acquired image (its own matrix, stored-value
    scale) and the true box in its pixels (None when there is none or its centre fell outside the
    new field of view). ``box``: source pixels or None."""
    acq = draw_acquisition(rng)
    h, w = src.shape
    if box is not None:
        cx, cy = (box[0] + box[2]) / 2 * src_mm, (box[1] + box[3]) / 2 * src_mm
    else:
        cx, cy = w / 2 * src_mm, h / 2 * src_mm
    # Put that point anywhere in the central 60 % of the new field of view.
    du = float(rng.uniform(-0.3, 0.3)) * acq.fov_mm[0]
    dv = float(rng.uniform(-0.3, 0.3)) * acq.fov_mm[1]
    c, s = math.cos(acq.angle), math.sin(acq.angle)
    centre = (cx - (c * du - s * dv), cy - (s * du + c * dv))
    acquired = corrupt(reacquire(src / _source_scale(src), src_mm, acq, centre), rng)
    aw, ah = acq.matrix
    if box is None:
        return acquired, None
    b = map_box(box, src_mm, acq, centre)
    bx, by = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    return acquired, (b if 0 <= bx < aw and 0 <= by < ah else None)


def augment_axial(src: np.ndarray, src_mm: float, box: Optional[Sequence[float]], size: int,
                  rng: np.random.Generator) -> Tuple[np.ndarray, Optional[Box]]:
    """A random re-acquisition of one axial slice for the ROI detector. ``box``: the true ROI in
    source pixels or None. Returns the model input (size x size, z-scored, as inference prepares
    the whole image) and the box in input pixels (None when there is none or its centre fell
    outside the new field of view)."""
    acquired, b = reacquire_slice(src, src_mm, box, rng)
    ah, aw = acquired.shape
    out_box = None if b is None else [b[0] * size / aw, b[1] * size / ah, b[2] * size / aw, b[3] * size / ah]
    return prepare(acquired, [0, 0, aw, ah], size), out_box


def jitter_roi(box: Sequence[float], rng: np.random.Generator, shift: float = 0.12,
               scale: Tuple[float, float] = (0.8, 1.35)) -> Box:
    """A detector-like box around the true ROI: centre moved by up to ``shift`` of the size,
    overall scale in ``scale`` (log-uniform), aspect changed by up to 15 %."""
    w, h = box[2] - box[0], box[3] - box[1]
    cx = (box[0] + box[2]) / 2 + float(rng.uniform(-shift, shift)) * w
    cy = (box[1] + box[3]) / 2 + float(rng.uniform(-shift, shift)) * h
    k = float(np.exp(rng.uniform(math.log(scale[0]), math.log(scale[1]))))
    a = float(np.exp(rng.uniform(math.log(0.87), math.log(1.15))))
    hw, hh = w * k * a / 2, h * k / a / 2
    return [cx - hw, cy - hh, cx + hw, cy + hh]


def augment_roi(crop: np.ndarray, src_mm: float, roi: Sequence[float], size: int,
                rng: np.random.Generator) -> np.ndarray:
    """A random re-acquisition of a disc's context crop for the classifier, then the ROI crop as
    inference makes it (bilinear resample of a jittered ROI box, z-score). ``roi`` in crop pixels."""
    acq = draw_acquisition(rng, fov_range=(60.0, 60.0))
    rw, rh = (roi[2] - roi[0]) * src_mm, (roi[3] - roi[1]) * src_mm
    side = 2.0 * max(rw, rh)  # room for the rotated box and the jitter
    fov = (side, side)
    acq = Acquisition(acq.pixel_mm, fov, acq.angle, acq.flip)
    centre = ((roi[0] + roi[2]) / 2 * src_mm, (roi[1] + roi[3]) / 2 * src_mm)
    crop_scaled = crop / _source_scale(crop)
    acquired = reacquire(crop_scaled, src_mm, acq, centre)
    if rng.random() < 0.6:
        acquired = blobs(acquired, rng, acq.grid_mm)
    acquired = corrupt(acquired, rng)
    box = jitter_roi(map_box(roi, src_mm, acq, centre), rng)
    return prepare(acquired, box, size)
