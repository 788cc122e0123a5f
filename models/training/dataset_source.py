"""Training on a discern.dataset/v1 export that honours its splits (issue 14):

    python3 -m models.training.train --dataset .data/exports/<id> [--data <more sources>] \\
        --out .data/candidates [--version 0.3.0] [--epochs N] [--task all]

Fits on the export's `train` rows (mixed with any --data sources: other exports' train rows,
phantom folders with seeds >= 1000), keeps the epoch that scores best on the `val` rows, and only
after every model is fitted and exported reads the `test` rows to write test-split figures into
the manifest. `load_split` refuses `test` for fitting or selection (TestSplitRead), and the module
phase (`PHASE`) says which stage is running so a test can prove no test file is opened early.
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np
import torch

from .dataset_format import load_exported
from .export import check_parity, export_onnx, write_manifest
from .fit import train_classifier, train_detector
from .phantoms import load_phantoms
from .samples import Dataset, compact_det
from .split_figures import classifier_figures, detection_figures
from .tasks import TASKS, TaskSpec

REPO = Path(__file__).resolve().parents[2]
MIN_TRAIN_SEED = 1000  # phantom seeds 1..999 are reserved for evaluation (as in train.py)
# Which splits each purpose may read: the test split only once fitting and selection are over.
ALLOWED = {"fit": {"train"}, "select": {"val"}, "report": {"train", "val", "test"}}
PHASE = "idle"  # "fit" while loading, fitting, selecting and exporting; "report" afterwards


class TestSplitRead(RuntimeError):
    """Asked for rows of a split that the purpose must not see (the test split during fitting)."""


def load_split(root: Path, split: str, purpose: str) -> Dataset:
    """The rows of one split of an export, detector images compacted to model input size.
    Raises TestSplitRead when ``purpose`` may not read ``split`` (``ALLOWED``)."""
    if split not in ALLOWED.get(purpose, set()):
        raise TestSplitRead(f"{root}: the {split} split may not be read for {purpose}")
    data = load_exported(root, split=split)
    data.sagittal = compact_det(data.sagittal, TASKS["vertebrae"].size)
    data.axial = compact_det(data.axial, TASKS["roi"].size)
    for s in data.sources:
        s["split"] = split
    return data


def next_version(model_id: str, out: Path, given: Optional[str]) -> str:
    """``given`` (checked: MAJOR.MINOR.PATCH), else the highest version found in out/<id>/ and
    models/<id>/ manifests with the minor bumped (0.2.0 -> 0.3.0): a retrain never reuses a
    version, which the registry would refuse."""
    if given:
        if not re.fullmatch(r"\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?", given):
            raise SystemExit(f"--version {given!r} is not MAJOR.MINOR.PATCH")
        return given
    found: List[Tuple[int, int, int]] = []
    for folder in (out / model_id, REPO / "models" / model_id):
        try:
            v = json.loads((folder / "manifest.json").read_text())["version"]
        except (OSError, ValueError, KeyError):
            continue
        m = re.match(r"(\d+)\.(\d+)\.(\d+)", str(v))
        if m:
            found.append((int(m[1]), int(m[2]), int(m[3])))
    if not found:
        return "0.1.0"
    major, minor, _ = max(found)
    return f"{major}.{minor + 1}.0"


def _score(spec: TaskSpec, model: torch.nn.Module, samples) -> float:
    figures = (classifier_figures if spec.kind == "classifier" else detection_figures)(model, samples, spec)
    return float(figures["score"])


def fit_selected(spec: TaskSpec, samples, val, epochs: int, device: str) -> Tuple[torch.nn.Module, dict]:
    """Fit on ``samples``; after each epoch score ``val`` and keep the best weights (the last
    epoch when there are no validation rows). Returns the model and how it was selected."""
    best: Dict[str, object] = {"score": -1.0, "epoch": epochs, "state": None}
    scores: List[float] = []

    def on_epoch(model: torch.nn.Module, epoch: int) -> None:
        if not val:
            return
        model.eval()
        s = _score(spec, model.cpu(), val)
        model.to(device)
        scores.append(round(s, 4))
        if s > float(best["score"]):  # type: ignore[arg-type]
            best.update(score=s, epoch=epoch + 1, state=copy.deepcopy(model.state_dict()))

    trainer: Callable = train_classifier if spec.kind == "classifier" else train_detector
    model = trainer(samples, spec, epochs, device, on_epoch=on_epoch).cpu()
    if best["state"] is not None:
        model.load_state_dict(best["state"])  # type: ignore[arg-type]
    model.eval()
    return model, {"on": "validation split" if val else "none (no validation rows): last epoch",
                   "metric": "accuracy" if spec.kind == "classifier" else "localisation accuracy",
                   "epoch": best["epoch"], "validationScores": scores}


def _task_samples(data: Dataset, name: str, negatives: float, rng: random.Random):
    if name == "vertebrae":
        return data.sagittal
    if name == "classifier":
        return data.discs
    pos = [s for s in data.axial if s.boxes]
    neg = [s for s in data.axial if not s.boxes]
    return pos + rng.sample(neg, min(len(neg), int(negatives * len(pos))))


def train_on_dataset(args: argparse.Namespace) -> Dict[str, Path]:
    """The --dataset flow of train.py (see the module doc). Returns manifest paths by task."""
    global PHASE
    root = Path(args.dataset)
    meta = json.loads((root / "dataset.json").read_text())
    rng = random.Random(args.seed)
    names = list(TASKS) if args.task == "all" else [args.task]
    versions = {n: next_version(TASKS[n].model_id, args.out, args.version) for n in names}
    PHASE = "fit"
    train = load_split(root, "train", "fit")
    mix = [{"kind": "export", "name": meta["name"], "version": meta["version"], "split": "train",
            "sagittal": len(train.sagittal), "axial": len(train.axial), "discs": len(train.discs)}]
    for extra in args.data or []:
        part = load_split(extra, "train", "fit") if (extra / "dataset.json").exists() else \
            load_phantoms([extra], min_seed=MIN_TRAIN_SEED,
                          sizes=(TASKS["vertebrae"].size, TASKS["roi"].size))
        train.extend(part)
        seeds = [int(s["seed"]) for s in part.sources if s.get("kind") == "phantom"]
        mix.append({"path": extra.name, "kind": "phantom" if seeds else "export", "studies": len(seeds) or None,
                    "sagittal": len(part.sagittal), "axial": len(part.axial), "discs": len(part.discs)})
    val = load_split(root, "val", "select")
    fitted: Dict[str, Tuple[torch.nn.Module, dict, float, dict]] = {}
    args.checkpoints.mkdir(parents=True, exist_ok=True)
    for name in names:
        spec = TASKS[name]
        samples = _task_samples(train, name, args.roi_negatives, rng)
        if not samples:
            raise SystemExit(f"no training rows for {name} in the train split of {root}")
        epochs = args.epochs or spec.epochs
        t0 = time.time()
        model, selection = fit_selected(spec, samples, _task_samples(val, name, 1.0, rng), epochs, args.device)
        torch.save(model.state_dict(), args.checkpoints / f"{spec.model_id}.pt")
        folder = args.out / spec.model_id
        export_onnx(model, spec, folder / "model.onnx")
        parity = check_parity(model, spec, folder / "model.onnx")
        fitted[name] = (model, selection, parity, {"samples": len(samples), "epochs": epochs,
                                                  "seconds": round(time.time() - t0)})
    PHASE = "report"  # every model is fitted and exported: the test split may be read now
    test = load_split(root, "test", "report")
    paths: Dict[str, Path] = {}
    for name in names:
        spec = TASKS[name]
        model, selection, parity, info = fitted[name]
        figures = classifier_figures if spec.kind == "classifier" else detection_figures
        metrics = {"test": _report(figures(model, _task_samples(test, name, 1.0, rng), spec)),
                   "validation": _report(figures(model, _task_samples(val, name, 1.0, rng), spec)),
                   "dataset": f"{meta['name']}@{meta['version']}"}
        training = {"dataset": {"name": meta["name"], "version": meta["version"],
                                "labelSource": meta.get("labelSource"), "splitSeed": meta.get("splitSeed")},
                    "sources": {"mix": mix, "exports": [f"{meta['name']}@{meta['version']}"], "note": "mixed"},
                    "studies": len({s.group for s in _task_samples(train, name, 1.0, rng)}),
                    "selection": selection, "device": args.device, "torch": torch.__version__, **info}
        path = write_manifest(spec, args.out / spec.model_id, training, metrics, parity)
        manifest = json.loads(path.read_text())
        manifest.update(version=versions[name], demo=False,
                        intendedUse=f"Research model trained on discern dataset {meta['name']} v{meta['version']} "
                                    f"({meta.get('labelSource')} labels); not for clinical use.")
        path.write_text(json.dumps(manifest, indent=2) + "\n")
        (path.parent / "MODEL_CARD.md").write_text(dataset_card(manifest))
        print(f"wrote {path} ({spec.model_id} {versions[name]}) and MODEL_CARD.md", file=sys.stderr)
        paths[name] = path
    PHASE = "idle"
    return paths


def _report(figures: Dict[str, object]) -> Dict[str, object]:
    return {k: v for k, v in figures.items() if k != "score"}


def dataset_card(m: dict) -> str:
    """MODEL_CARD.md of a model trained on an export: data, selection, test-split figures."""
    t, met = m.get("training") or {}, m.get("metrics") or {}
    ds = t.get("dataset") or {}
    lines = [f"# {m['id']} {m['version']}", "", f"**{m.get('intendedUse')}**", "",
             f"Task: {m['task']}. {m.get('description', '')}", "", "## Training data",
             f"- Dataset {ds.get('name')} v{ds.get('version')} ({ds.get('labelSource')} labels, split seed "
             f"{ds.get('splitSeed')}): fitted on its train split, selected on its validation split.",
             *[f"- Source: {json.dumps(s)}" for s in (t.get("sources") or {}).get("mix", [])],
             f"- {t.get('samples')} samples from {t.get('studies')} studies, {t.get('epochs')} epochs; "
             f"selected epoch {(t.get('selection') or {}).get('epoch')} ({(t.get('selection') or {}).get('on')}).",
             "", "## Test split (never read before the model was fixed)"]
    lines += [f"- {k}: {v}" for k, v in (met.get("test") or {}).items() if not isinstance(v, (dict, list))]
    lines += ["", f"File `model.onnx`, sha256 `{m['sha256']}`.", ""]
    return "\n".join(lines)


def seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
