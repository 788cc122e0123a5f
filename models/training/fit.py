"""Training loops for the detectors and the classifier (CPU or CUDA, torch 1.13 .. 2.x)."""
from __future__ import annotations

import random
import sys
import time
from typing import Callable, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from .detection import STRIDE, centernet_loss, gaussian_targets
from .nets import CenterNetSmall, DiscClassifier
from .preprocess import prepare
from .samples import ClsSample, DetSample
from .tasks import TaskSpec


def _flip(img: np.ndarray, boxes: List[List[float]], size: int, h: bool, v: bool
          ) -> Tuple[np.ndarray, List[List[float]]]:
    out = [list(b) for b in boxes]
    if h:
        img = img[:, ::-1]
        out = [[size - b[2], b[1], size - b[0], b[3]] for b in out]
    if v:
        img = img[::-1, :]
        out = [[b[0], size - b[3], b[2], size - b[1]] for b in out]
    return np.ascontiguousarray(img), out


def det_batch(samples: Sequence[DetSample], spec: TaskSpec, augment: bool):
    out = spec.size // STRIDE
    xs, hms, sizes, offs, masks = [], [], [], [], []
    for s in samples:
        img, boxes = s.image.astype(np.float32), s.boxes
        if augment:
            img, boxes = _flip(img, boxes, spec.size, random.random() < 0.5, random.random() < 0.5)
            img = img * random.uniform(0.9, 1.1) + random.gauss(0.0, 0.05)
        hm, sz, off, mask = gaussian_targets(boxes, s.labels, len(spec.labels), out)
        xs.append(img[None])
        hms.append(hm), sizes.append(sz), offs.append(off), masks.append(mask)
    return tuple(torch.from_numpy(np.stack(a)) for a in (xs, hms, sizes, offs, masks))


def jitter_box(b: List[float], amount: float) -> List[float]:
    w, h = b[2] - b[0], b[3] - b[1]
    return [b[0] + random.uniform(-amount, amount) * w, b[1] + random.uniform(-amount, amount) * h,
            b[2] + random.uniform(-amount, amount) * w, b[3] + random.uniform(-amount, amount) * h]


def cls_input(s: ClsSample, size: int, augment: bool) -> np.ndarray:
    box = jitter_box(s.roi, 0.08) if augment else s.roi
    x = prepare(s.image, box, size)
    if augment:
        if random.random() < 0.5:
            x = x[:, ::-1]
        if random.random() < 0.5:
            x = x[::-1, :]
        x = x * random.uniform(0.9, 1.1) + random.gauss(0.0, 0.05)
    return np.ascontiguousarray(x, dtype=np.float32)


def class_weights(samples: Sequence[ClsSample], k: int) -> torch.Tensor:
    """Cost-sensitive weights: inverse class frequency, mean 1 (Pan et al.'s imbalance remedy)."""
    counts = np.bincount([s.label for s in samples], minlength=k).astype(np.float64)
    w = np.where(counts > 0, counts.sum() / (k * np.maximum(counts, 1)), 0.0)
    return torch.tensor(w, dtype=torch.float32)


def _schedule(opt: torch.optim.Optimizer, total: int) -> torch.optim.lr_scheduler.OneCycleLR:
    lr = opt.param_groups[0]["lr"]
    return torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=max(total, 1),
                                               pct_start=0.15)


def train_detector(samples: List[DetSample], spec: TaskSpec, epochs: int, device: str,
                   log_prefix: str = "", init: Optional[dict] = None,
                   on_epoch: Optional[Callable[[torch.nn.Module, int], None]] = None) -> CenterNetSmall:
    model = CenterNetSmall(len(spec.labels), spec.width)
    if init is not None:
        model.load_state_dict(init)
    model = model.to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=spec.lr, weight_decay=1e-4)
    steps = (len(samples) + spec.batch - 1) // spec.batch
    sched = _schedule(opt, steps * epochs)
    t0 = time.time()
    for epoch in range(epochs):
        model.train()
        order = random.sample(samples, len(samples))
        total = 0.0
        for b in range(steps):
            x, hm, sz, off, mask = (t.to(device) for t in
                                    det_batch(order[b * spec.batch:(b + 1) * spec.batch], spec, True))
            loss = centernet_loss(model(x), hm, sz, off, mask)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss)
        print(f"{log_prefix}{spec.name} epoch {epoch + 1}/{epochs} loss {total / max(steps, 1):.4f} "
              f"({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
        if on_epoch is not None:  # model selection on a validation split (dataset_source.py)
            on_epoch(model, epoch)
    return model.eval()


def train_classifier(samples: List[ClsSample], spec: TaskSpec, epochs: int, device: str,
                     log_prefix: str = "", init: Optional[dict] = None,
                     on_epoch: Optional[Callable[[torch.nn.Module, int], None]] = None) -> DiscClassifier:
    model = DiscClassifier(len(spec.labels), spec.width)
    if init is not None:
        model.load_state_dict(init)
    model = model.to(device)
    weights = class_weights(samples, len(spec.labels)).to(device)
    print(f"{log_prefix}class weights {weights.tolist()}", file=sys.stderr)
    opt = torch.optim.AdamW(model.parameters(), lr=spec.lr, weight_decay=1e-4)
    steps = (len(samples) + spec.batch - 1) // spec.batch
    sched = _schedule(opt, steps * epochs)
    t0 = time.time()
    for epoch in range(epochs):
        model.train()
        order = random.sample(samples, len(samples))
        total, correct = 0.0, 0
        for b in range(steps):
            chunk = order[b * spec.batch:(b + 1) * spec.batch]
            x = torch.from_numpy(np.stack([cls_input(s, spec.size, True)[None] for s in chunk]))
            y = torch.tensor([s.label for s in chunk])
            x, y = x.to(device), y.to(device)
            logits = model(x)
            loss = F.cross_entropy(logits, y, weight=weights)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss)
            correct += int((logits.argmax(1) == y).sum())
        print(f"{log_prefix}{spec.name} epoch {epoch + 1}/{epochs} loss {total / max(steps, 1):.4f} "
              f"train-acc {correct / max(len(samples), 1):.3f} ({time.time() - t0:.0f} s)",
              file=sys.stderr, flush=True)
        if on_epoch is not None:  # model selection on a validation split (dataset_source.py)
            on_epoch(model, epoch)
    return model.eval()
