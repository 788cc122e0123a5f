"""Train the disc-ROI detector or the disc classifier with domain randomisation (axial_augment.py),
export ONNX, check parity, evaluate on held-out phantom variants and write manifest + card.

    nice -n 10 python3 -m models.training.disc_train --task roi \\
        --data .data/disc/train --minutes 60

Every step draws a fresh random re-acquisition of each sample (no epochs: the augmentation makes
every draw new), so the run is sized in steps or in wall minutes; ``--measure N`` times N steps
and exits. The model goes to the checkpoint folder and model.onnx to a staging folder. A worker
process makes the batches while the main process trains (torch.set_num_threads(1) in both).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path
from typing import Iterator, List, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, IterableDataset

from .axial_augment import augment_axial, augment_roi
from .detection import STRIDE, centernet_loss, gaussian_targets
from .disc_data import AxialSlice, DiscCrop, load_axial
from .export import check_parity, export_onnx
from .fit import class_weights
from .nets import CenterNetSmall, DiscClassifier
from .tasks import TASKS

MIN_TRAIN_SEED = 1000


class Batches(IterableDataset):
    """Endless random batches of augmented model inputs (and targets) for one task."""

    def __init__(self, task: str, items: list, batch: int, seed: int) -> None:
        self.task, self.items, self.batch, self.seed = task, items, batch, seed

    def __iter__(self) -> Iterator[tuple]:
        info = torch.utils.data.get_worker_info()
        torch.set_num_threads(1)
        rng = np.random.default_rng(self.seed + (info.id if info else 0))
        spec = TASKS[self.task]
        while True:
            pick = [self.items[int(i)] for i in rng.integers(0, len(self.items), self.batch)]
            if self.task == "roi":
                xs, hms, sizes, offs, masks = [], [], [], [], []
                for s in pick:
                    x, box = augment_axial(s.image.astype(np.float32), s.pixel_mm, s.roi, spec.size, rng)
                    boxes = [box] if box is not None else []
                    hm, sz, off, mask = gaussian_targets(boxes, [0] * len(boxes), 1, spec.size // STRIDE)
                    xs.append(x[None]), hms.append(hm), sizes.append(sz), offs.append(off), masks.append(mask)
                yield tuple(torch.from_numpy(np.stack(a)) for a in (xs, hms, sizes, offs, masks))
            else:
                x = np.stack([augment_roi(c.image, c.pixel_mm, c.roi, spec.size, rng)[None] for c in pick])
                yield torch.from_numpy(x), torch.tensor([c.label for c in pick])


def lr_factor(frac: float, warmup: float = 0.05) -> float:
    """Learning-rate multiplier at ``frac`` of the run: linear warm-up, then cosine to 1 %."""
    if frac < warmup:
        return 0.1 + 0.9 * frac / warmup
    t = min(1.0, (frac - warmup) / (1 - warmup))
    return 0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * t))


def train(task: str, items: list, steps: int, seed: int, workers: int,
          log_every: int = 50, minutes: float = 0.0) -> Tuple[torch.nn.Module, int]:
    """Train ``steps`` steps, or for ``minutes`` of wall time when > 0 (the schedule then follows
    the elapsed time, so a slower shared CPU shortens the run, not its annealing). Returns the
    model and the steps done."""
    spec = TASKS[task]
    model: torch.nn.Module = (CenterNetSmall(1, spec.width) if task == "roi"
                              else DiscClassifier(len(spec.labels), spec.width))
    opt = torch.optim.AdamW(model.parameters(), lr=spec.lr, weight_decay=1e-4)
    weights = class_weights(items, len(spec.labels)) if task == "classifier" else None
    loader = DataLoader(Batches(task, items, spec.batch, seed), batch_size=None,
                        num_workers=workers, prefetch_factor=4 if workers else 2)
    t0 = time.time()
    total, correct, seen = 0.0, 0, 0
    model.train()
    done = 0
    for step, batch in enumerate(loader):
        frac = (time.time() - t0) / (60 * minutes) if minutes > 0 else step / max(steps, 1)
        if frac >= 1.0:
            break
        for g in opt.param_groups:
            g["lr"] = spec.lr * lr_factor(frac)
        if task == "roi":
            x, hm, sz, off, mask = batch
            loss = centernet_loss(model(x), hm, sz, off, mask)
        else:
            x, y = batch
            logits = model(x)
            loss = F.cross_entropy(logits, y, weight=weights)
            correct += int((logits.argmax(1) == y).sum())
            seen += len(y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        done = step + 1
        total += float(loss)
        if done % log_every == 0:
            acc = f" train-acc {correct / max(seen, 1):.3f}" if task == "classifier" else ""
            print(f"{task} step {done} ({100 * frac:.0f} %) loss {total / log_every:.4f}{acc} "
                  f"({(time.time() - t0) / done:.2f} s/step)", file=sys.stderr, flush=True)
            total, correct, seen = 0.0, 0, 0
    return model.eval(), done


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--task", choices=["roi", "classifier"], required=True)
    p.add_argument("--data", type=Path, nargs="+", required=True)
    p.add_argument("--cache", type=Path, default=Path(".data/disc/train.pkl"))
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--minutes", type=float, default=0.0, help="train for this wall time instead of --steps")
    p.add_argument("--measure", type=int, default=0, help="time this many steps, then exit")
    p.add_argument("--negatives", type=float, default=0.5, help="slices without a disc per slice with one")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--checkpoints", type=Path, default=Path(".data/disc/checkpoints"))
    p.add_argument("--out", type=Path, default=Path(".data/disc/export"),
                   help="export <out>/<model id>/model.onnx here (a staging folder: models/ gets the "
                   "onnx, manifest and card together, see disc_release.py)")
    args = p.parse_args()
    torch.set_num_threads(1)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    t0 = time.time()
    slices, crops = load_axial(args.data, MIN_TRAIN_SEED, args.cache)
    items: List = []
    if args.task == "roi":
        pos: List[AxialSlice] = [s for s in slices if s.roi is not None]
        neg = [s for s in slices if s.roi is None]
        neg = random.sample(neg, min(len(neg), int(args.negatives * len(pos))))
        items = pos + neg
    else:
        items = list(crops)
    groups = {s.group for s in items}
    print(f"{args.task}: {len(items)} samples from {len(groups)} studies "
          f"({time.time() - t0:.0f} s to load)", file=sys.stderr, flush=True)
    if args.measure:
        train(args.task, items, args.measure, args.seed, args.workers, log_every=max(1, args.measure // 2))
        return
    t1 = time.time()
    model, steps = train(args.task, items, args.steps, args.seed, args.workers, minutes=args.minutes)
    seconds = round(time.time() - t1)
    spec = TASKS[args.task]
    args.checkpoints.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), args.checkpoints / f"{spec.model_id}.pt")
    info = {"samples": len(items), "studies": len(groups), "steps": steps, "batch": spec.batch, "seconds": seconds,
            "variants": sorted({s.variant for s in items}),
            "seeds": sorted({int(s.group.split('-')[1]) for s in items})}
    (args.checkpoints / f"{spec.model_id}.json").write_text(json.dumps(info))
    print(f"{args.task}: trained {steps} steps in {seconds} s", file=sys.stderr, flush=True)
    if args.out:
        folder = Path(args.out) / spec.model_id
        export_onnx(model, spec, folder / "model.onnx")
        parity = check_parity(model, spec, folder / "model.onnx")
        info["parity"] = parity
        (args.checkpoints / f"{spec.model_id}.json").write_text(json.dumps(info))


if __name__ == "__main__":
    main()
