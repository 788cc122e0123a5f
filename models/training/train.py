"""Train, export and document discern's three demo models.

    nice -n 5 python3 -m models.training.train --task all \\
        --data .data/phantoms-train --eval-data .data/phantoms-eval --out models/

--data takes phantom roots (folders holding study folders with truth.json, seeds >= 1000 only)
and exported datasets (folders with dataset.json, format models/DATASET_FORMAT.md), mixed freely.
Each task: [k-fold CV by study] -> final fit on all data -> ONNX export -> parity check against
PyTorch -> held-out evaluation (when --eval-data) -> models/<id>/{model.onnx,manifest.json}.
PyTorch checkpoints go to --checkpoints (git-ignored) so one task can be retrained alone.
"""
from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np
import torch

from .cards import card
from .dataset_format import load_exported
from .evaluate import decode_spec, evaluate, load_checkpoints
from .export import check_parity, export_onnx, write_manifest
from .fit import cls_input, train_classifier, train_detector
from .nets import CenterNetSmall, DiscClassifier
from .phantoms import load_phantoms
from .samples import Dataset, compact_det
from .tasks import TASKS, TaskSpec

MIN_TRAIN_SEED = 1000  # phantom seeds 1..999 are reserved for evaluation


def load_data(paths: List[Path]) -> Dataset:
    data = Dataset()
    sizes = (TASKS["vertebrae"].size, TASKS["roi"].size)
    for p in paths:
        if (p / "dataset.json").exists():
            part = load_exported(p, split=None)
            part.sagittal = compact_det(part.sagittal, sizes[0])
            part.axial = compact_det(part.axial, sizes[1])
            data.extend(part)
        else:
            data.extend(load_phantoms([p], min_seed=MIN_TRAIN_SEED, sizes=sizes))
    return data


def load_cached(paths: List[Path], cache: Optional[Path]) -> Dataset:
    """load_data, memoised in a pickle keyed by the input paths and input sizes (git-ignored)."""
    key = repr(([str(p.resolve()) for p in paths], TASKS["vertebrae"].size, TASKS["roi"].size))
    if cache is not None and cache.exists():
        with cache.open("rb") as f:
            stored_key, data = pickle.load(f)
        if stored_key == key:
            print(f"data from cache {cache}", file=sys.stderr)
            return data
    data = load_data(paths)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as f:
            pickle.dump((key, data), f, protocol=pickle.HIGHEST_PROTOCOL)
    return data


def folds_of(groups: List[str], k: int, seed: int) -> List[List[str]]:
    uniq = sorted(set(groups))
    random.Random(seed).shuffle(uniq)
    return [uniq[i::k] for i in range(k)]


def det_fold_score(model: CenterNetSmall, samples, spec: TaskSpec) -> float:
    """Share of true boxes found with the right label and centre inside (input pixel space)."""
    hit = total = 0
    for s in samples:
        with torch.no_grad():
            hm, sz, off = (t[0].numpy() for t in model(torch.from_numpy(
                s.image.astype(np.float32)[None, None])))
        found = {c: b for c, _, b in decode_spec(spec, hm, sz, off)}
        for box, c in zip(s.boxes, s.labels):
            total += 1
            b = found.get(c)
            if b is not None:
                cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
                hit += int(box[0] <= cx < box[2] and box[1] <= cy < box[3])
    return hit / max(total, 1)


def cls_fold_score(model: DiscClassifier, samples, spec: TaskSpec) -> float:
    x = torch.from_numpy(np.stack([cls_input(s, spec.size, False)[None] for s in samples]))
    with torch.no_grad():
        pred = model(x).argmax(1).numpy()
    return float((pred == np.array([s.label for s in samples])).mean())


def fit(spec: TaskSpec, samples, epochs: int, device: str, prefix: str = "",
        init: Optional[dict] = None) -> torch.nn.Module:
    if spec.kind == "classifier":
        return train_classifier(samples, spec, epochs, device, prefix, init).cpu()
    return train_detector(samples, spec, epochs, device, prefix, init).cpu()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--task", choices=["all", *TASKS], default="all")
    p.add_argument("--data", type=Path, nargs="*", default=[])
    p.add_argument("--dataset", type=Path, help="a discern.dataset/v1 export: fit on train, select on "
                   "val, test figures last (dataset_source.py); --data then adds training sources")
    p.add_argument("--version", help="version of the trained models (default: the last one, minor bumped)")
    p.add_argument("--eval-data", type=Path, nargs="*", default=[])
    p.add_argument("--eval-limit", type=int, help="evaluate on the first N held-out studies only")
    p.add_argument("--out", type=Path, default=Path("models"))
    p.add_argument("--checkpoints", type=Path, default=Path(".data/checkpoints"))
    p.add_argument("--epochs", type=int, help="override every task's default epochs")
    p.add_argument("--folds", type=int, default=0, help="k-fold cross-validation by study (k >= 2)")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--threads", type=int, default=1,
                   help="torch threads; 1 is fastest on a shared, oversubscribed CPU")
    p.add_argument("--resume", action="store_true",
                   help="start the final fit from the task's checkpoint (fine-tuning)")
    p.add_argument("--cache", type=Path, help="pickle of the loaded data, reused when the inputs match")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--roi-negatives", type=float, default=0.5,
                   help="axial slices without a disc kept per slice with one (ROI detector)")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    if args.dataset or args.version:
        from .dataset_source import seed_all, train_on_dataset
        if not args.dataset:
            raise SystemExit("--version applies to --dataset training")
        seed_all(args.seed)
        train_on_dataset(args)
        return
    if not args.data:
        raise SystemExit("give --data (phantom folders or exports) or --dataset <export>")
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    t0 = time.time()
    data = load_cached(args.data, args.cache)
    print(f"data: {len(data.sagittal)} sagittal, {len(data.axial)} axial, {len(data.discs)} disc "
          f"ROIs ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
    positives = [s for s in data.axial if s.boxes]
    negatives = [s for s in data.axial if not s.boxes]
    negatives = random.sample(negatives, min(len(negatives), int(args.roi_negatives * len(positives))))
    by_task = {"vertebrae": data.sagittal, "roi": positives + negatives, "classifier": data.discs}
    names = list(TASKS) if args.task == "all" else [args.task]
    args.checkpoints.mkdir(parents=True, exist_ok=True)
    info: Dict[str, dict] = {}
    for name in names:
        spec = TASKS[name]
        samples = by_task[name]
        if not samples:
            raise SystemExit(f"no training samples for {name}")
        epochs = args.epochs or spec.epochs
        cv = None
        if args.folds >= 2:
            scores = []
            for k, held in enumerate(folds_of([s.group for s in samples], args.folds, args.seed)):
                held_set = set(held)
                model = fit(spec, [s for s in samples if s.group not in held_set], epochs,
                            args.device, f"[fold {k + 1}/{args.folds}] ")
                test = [s for s in samples if s.group in held_set]
                scorer = cls_fold_score if spec.kind == "classifier" else det_fold_score
                scores.append(round(scorer(model, test, spec), 4))  # type: ignore[arg-type]
            cv = {"folds": args.folds, "metric": "accuracy" if spec.kind == "classifier"
                  else "localisation accuracy", "scores": scores,
                  "mean": round(float(np.mean(scores)), 4)}
            print(f"{name}: {args.folds}-fold CV {cv}", file=sys.stderr, flush=True)
        t1 = time.time()
        init = None
        if args.resume:
            init = torch.load(args.checkpoints / f"{spec.model_id}.pt", map_location="cpu")
            print(f"{name}: fine-tuning from {args.checkpoints / spec.model_id}.pt", file=sys.stderr)
        model = fit(spec, samples, epochs, args.device, init=init)
        torch.save(model.state_dict(), args.checkpoints / f"{spec.model_id}.pt")
        folder = args.out / spec.model_id
        export_onnx(model, spec, folder / "model.onnx")
        parity = check_parity(model, spec, folder / "model.onnx")
        info[name] = {"model": model, "parity": parity, "training": {
            "sources": _summarise_sources(data.sources),
            "samples": len(samples), "studies": len({s.group for s in samples}),
            "epochs": epochs, "batch": spec.batch, "optimizer": f"AdamW lr {spec.lr} one-cycle",
            "loss": ("class-weighted cross-entropy (inverse frequency)" if spec.kind == "classifier"
                     else "CenterNet focal + 0.1 L1 size + L1 offset"),
            "augmentation": "flips, intensity scale/shift" + (", ROI box jitter 8%"
                                                              if spec.kind == "classifier" else ""),
            "device": args.device, "torch": torch.__version__, "resumed": bool(args.resume),
            "seconds": round(time.time() - t1), "crossValidation": cv}}

    metrics: Dict[str, dict] = {n: {} for n in names}
    if args.eval_data:
        models = load_checkpoints(args.checkpoints)
        result = evaluate(models, args.eval_data, args.eval_limit)
        print(json.dumps(result, indent=2), flush=True)
        for n in names:
            key = {"vertebrae": "vertebrae", "roi": "roi", "classifier": "classifier"}[n]
            metrics[n] = {"heldOut": result["heldOut"], **result[key]}  # type: ignore[dict-item]
    for n in names:
        spec = TASKS[n]
        path = write_manifest(spec, args.out / spec.model_id, info[n]["training"], metrics[n],
                              info[n]["parity"])
        (path.parent / "MODEL_CARD.md").write_text(card(json.loads(path.read_text())))
        print(f"wrote {path} and MODEL_CARD.md", file=sys.stderr)


def _summarise_sources(sources: List[dict]) -> dict:
    seeds = sorted(int(s["seed"]) for s in sources if s.get("kind") == "phantom")
    exports = sorted({f"{s['name']}@{s['version']}" for s in sources if s.get("kind") == "export"})
    from .evaluate import _ranges

    return {"phantomSeeds": _ranges(seeds), "phantomStudies": len(seeds), "exports": exports,
            "note": "synthetic phantoms (discern phantom) only" if not exports else "mixed"}


if __name__ == "__main__":
    main()
