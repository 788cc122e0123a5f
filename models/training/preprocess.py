"""Image preprocessing shared by training and inference. lib/inference/preprocess.ts implements the
same arithmetic in TypeScript; the manifest's ``preprocess`` block names it, so keep them in step.

Space: image pixels, x = column, y = row, origin at the top-left pixel's outer corner, boxes
``[x0, y0, x1, y1]`` with x1/y1 exclusive (the DICOM pixel-box convention of lib/dicom/types.ts).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

NORMALIZE_EPS = 1e-6


def resample(image: np.ndarray, box: Sequence[float], out_w: int, out_h: int) -> np.ndarray:
    """Bilinear resampling of ``box`` (image pixels, corner origin) onto an ``out_h`` x ``out_w``
    grid, half-pixel centres, edge clamped. ``box = [0, 0, W, H]`` is a plain resize; the
    classifier's ROI crop is the same call with the ROI box. Output: float32 (stored values)."""
    img = image.astype(np.float32, copy=False)
    h, w = img.shape
    x0, y0, x1, y1 = (float(v) for v in box)
    sx = (x1 - x0) / out_w
    sy = (y1 - y0) / out_h
    xs = x0 + (np.arange(out_w, dtype=np.float64) + 0.5) * sx - 0.5
    ys = y0 + (np.arange(out_h, dtype=np.float64) + 0.5) * sy - 0.5
    xs = np.clip(xs, 0.0, w - 1.0)
    ys = np.clip(ys, 0.0, h - 1.0)
    xa = np.floor(xs).astype(np.int64)
    ya = np.floor(ys).astype(np.int64)
    xb = np.minimum(xa + 1, w - 1)
    yb = np.minimum(ya + 1, h - 1)
    fx = (xs - xa).astype(np.float32)[None, :]
    fy = (ys - ya).astype(np.float32)[:, None]
    top = img[ya][:, xa] * (1 - fx) + img[ya][:, xb] * fx
    bottom = img[yb][:, xa] * (1 - fx) + img[yb][:, xb] * fx
    return (top * (1 - fy) + bottom * fy).astype(np.float32)


def normalize_zscore(x: np.ndarray) -> np.ndarray:
    """Per-image z-score over the resampled image: (x - mean) / (std + eps), population std."""
    x = x.astype(np.float32, copy=False)
    mean = float(x.mean(dtype=np.float64))
    std = float(x.std(dtype=np.float64))
    return ((x - mean) / (std + NORMALIZE_EPS)).astype(np.float32)


def centered_square_box(width: int, height: int) -> list:
    """The ``"centered-square"`` region of docs/AI-CONTRACT: the square of side s = max(W, H)
    centred on the image, ``[W/2 - s/2, H/2 - s/2, W/2 + s/2, H/2 + s/2]`` (image pixels, corner
    origin); :func:`resample` clamps what falls outside the image to its edge. Model-input boxes
    map back with ``x_src = x0 + x_in * s / out_w`` (and likewise for y)."""
    s = float(max(width, height))
    return [width / 2 - s / 2, height / 2 - s / 2, width / 2 + s / 2, height / 2 + s / 2]


def percentiles_lower(x: np.ndarray, low: float, high: float) -> tuple:
    """``low`` and ``high`` percentiles (0-100) by the contract's lower-index rule: sort ascending,
    ``v[floor(p / 100 * (n - 1))]``, no interpolation (numpy ``method="lower"``)."""
    v = np.sort(x.astype(np.float32, copy=False).ravel())
    n = v.size
    if n == 0:
        raise ValueError("percentiles of an empty plane")
    at = lambda p: float(v[min(n - 1, max(0, int(np.floor(p / 100.0 * (n - 1)))))])  # noqa: E731
    return at(low), at(high)


def normalize_percentile_clip(x: np.ndarray, low: float = 1.0, high: float = 99.0,
                              eps: float = NORMALIZE_EPS) -> np.ndarray:
    """``"percentile-clip"``: lo, hi = :func:`percentiles_lower`; ``(clip(x, lo, hi) - lo) /
    (hi - lo + eps)`` in [0, 1], float32 (lib/inference/preprocess.ts ``normalizeInPlace``)."""
    x = x.astype(np.float32, copy=False)
    lo, hi = percentiles_lower(x, low, high)
    scale = np.float32(1.0 / (hi - lo + eps))
    return ((np.clip(x, np.float32(lo), np.float32(hi)) - np.float32(lo)) * scale).astype(np.float32)


def prepare_square_clip(image: np.ndarray, size: int, low: float = 1.0, high: float = 99.0) -> np.ndarray:
    """Centered-square resample of the whole image to ``size`` x ``size``, then percentile-clip
    normalisation: the input plane of models declaring those two options."""
    h, w = image.shape
    return normalize_percentile_clip(resample(image, centered_square_box(w, h), size, size), low, high)


def prepare(image: np.ndarray, box: Sequence[float], size: int) -> np.ndarray:
    """Resample ``box`` of ``image`` to ``size`` x ``size`` and z-score it: the model input plane."""
    return normalize_zscore(resample(image, box, size, size))


def preprocess_manifest(size: int, crop: bool, region: str | None = None,
                        percentile_clip: tuple | None = None) -> dict:
    """The manifest's description of :func:`prepare` (read by lib/inference/preprocess.ts).
    ``region="centered-square"`` (:func:`centered_square_box`) and ``percentile_clip=(low, high)``
    (:func:`normalize_percentile_clip`) describe the AI-CONTRACT options instead of the defaults."""
    region = region or ("roi-box" if crop else "full-image")
    normalize = ({"method": "zscore", "eps": NORMALIZE_EPS} if percentile_clip is None else
                 {"method": "percentile-clip", "low": float(percentile_clip[0]),
                  "high": float(percentile_clip[1]), "eps": NORMALIZE_EPS})
    return {
        "source": "stored pixel values after Modality LUT (value * RescaleSlope + RescaleIntercept), "
        "first frame, single channel",
        "resample": {
            "method": "bilinear-half-pixel-clamp",
            "region": region,
            "width": size,
            "height": size,
            "keepAspect": region == "centered-square",
        },
        "normalize": normalize,
    }
