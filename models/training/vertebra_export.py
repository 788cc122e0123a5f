"""Evaluate, export and document the v0.2.0 vertebra detector trained by vertebra_real.py.

    nice -n 10 /usr/bin/python3 -m models.training.vertebra_export --run .data/vb/run \\
        --realdata ../shared/realdata --phantoms .data/vb/eval-* --out models/

1. Checkpoint: ``best.pt`` or ``last.pt`` of the run, whichever scores higher on the VALIDATION
   exams (recall x precision); the test exams are not looked at before this choice.
2. Figures on the TEST exams (realdata_split.json): middle slabs (4 mm at -2, 0, +2 mm), and the same
   exams re-acquired with seeded random field of view / contrast / noise (vertebra_augment); on
   held-out phantom layouts (seeds < 1000, layouts partly never trained on).
3. ONNX (export.export_onnx, opset 13), parity against onnxruntime-node, manifest.json 0.2.0 with
   the contract's labels / maxPerClass / nmsIoU / assignment / preprocess, and MODEL_CARD.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np
import torch

from .export import OPSET, check_parity, export_onnx, outputs_doc, sha256
from .nets import CenterNetSmall
from .phantoms import find_studies
from .preprocess import preprocess_manifest
from .realdata import RealExam, load_exams, make_slab, read_split
from .tasks import TaskSpec
from .vertebra_augment import Source, acquire, to_input
from .vertebra_card import card
from .vertebra_eval import MAX_PER_CLASS, NMS_IOU, SACRUM_FAINT_THRESHOLD, SCORE_THRESHOLD, Tally, decode_vertebrae
from .vertebra_real import SIZE, WIDTH, phantom_source, validate

VERSION = "0.2.0"
SPEC = TaskSpec("vertebrae", "discern-vertebrae-centernet", "vertebra-detection", "centernet",
                ["vertebra", "sacrum"], SIZE, WIDTH, 0, 16, 3e-3, 14, SCORE_THRESHOLD,
                "Every vertebral body (thoracic and lumbar: \"vertebra\") and the first sacral "
                "segment (\"sacrum\") on a sagittal lumbar image; names come from counting up from "
                "the sacrum (lib/pipeline), not from the model.")


def run_model(model: CenterNetSmall, x: np.ndarray):
    with torch.no_grad():
        return [t[0].numpy() for t in model(torch.from_numpy(x[None, None]))]


def eval_real(model: CenterNetSmall, exams: Sequence[RealExam], acquisitions: int, thr: float
              ) -> Dict[str, dict]:
    """Per set and overall: middle slabs (no randomisation) and seeded random re-acquisitions."""
    out: Dict[str, dict] = {}
    for name, subset in [("all", list(exams)), *[(s, [e for e in exams if e.set == s])
                                                  for s in sorted({e.set for e in exams})]]:
        mid, shifted = Tally(), Tally()
        for exam in subset:
            for offset in (-2, 0, 2):
                slab = make_slab(exam, offset, 4)
                x, boxes, ignore = to_input(slab.image, slab.boxes, slab.ignore, SIZE)
                mid.add(decode_vertebrae(*run_model(model, x), threshold=thr), boxes, slab.names, ignore,
                        s1_in_view(slab))
            rng = random.Random(f"acq-{exam.exam_id}")
            for _ in range(acquisitions):
                slab = make_slab(exam, rng.randint(-3, 3), rng.choice([3, 4]))
                src = Source(slab.image, slab.instances, slab.classes, 1.0)
                x, boxes, keep, ignore = acquire(src, SIZE, rng, vflip=0.0)  # 2D count needs S->I rows
                dets = decode_vertebrae(*run_model(model, x), threshold=thr)
                shifted.add(dets, boxes, [slab.names[k] for k in keep], ignore)
        out[name] = {"exams": [e.exam_id for e in subset], "middleSlabs": mid.summary(),
                     "randomAcquisitions": {"perExam": acquisitions, **shifted.summary()}}
    return out


def rows_run_cranial(path: Path) -> bool:
    """Whether increasing rows point to the head (ImageOrientationPatient column cosine z > 0, LPS):
    the pipeline counts in patient space, the 2D count here needs rows running head -> feet."""
    import pydicom

    iop = [float(v) for v in pydicom.dcmread(str(path), stop_before_pixels=True).ImageOrientationPatient]
    return iop[5] > 0


def flip_rows(b: List[float]) -> List[float]:
    return [b[0], SIZE - b[3], b[2], SIZE - b[1]]


def s1_in_view(slab) -> bool:
    """Whether the slab's field of view shows S1: labelled (VB1), or (VB3, sacrum unlabelled) at
    least 0.6 of L5's height of image below L5's lower edge. Geometry only, never the model."""
    named = dict(zip(slab.names, slab.boxes))
    if "S1" in named:
        return True
    l5 = named.get("L5")
    return l5 is not None and slab.image.shape[0] - l5[3] >= 0.6 * (l5[3] - l5[1])


def eval_phantoms(model: CenterNetSmall, roots: Sequence[Path], thr: float) -> Dict[str, dict]:
    """Per held-out phantom layout (folder name): the mid-sagittal image as the pipeline sees it."""
    out: Dict[str, dict] = {}
    for root in roots:
        tally = Tally()
        seeds = []
        for folder in find_studies([root]):
            truth = json.loads((folder / "truth.json").read_text())
            seeds.append(int(truth["seed"]))
            src = phantom_source(folder, min_seed=0)
            x, boxes, keep, ignore = acquire(src, SIZE, random.Random(0), plain=True)
            names = [truth["vertebrae"][k]["label"] for k in keep]
            dets = decode_vertebrae(*run_model(model, x), threshold=thr)
            if rows_run_cranial(folder / truth["sagittal"]["midFile"]):  # count in patient space
                dets = [(c, sc, flip_rows(b)) for c, sc, b in dets]
                boxes, ignore = [flip_rows(b) for b in boxes], [flip_rows(b) for b in ignore]
            tally.add(dets, boxes, names, ignore)
        out[root.name] = {"seeds": f"{min(seeds)}-{max(seeds)}" if seeds else None, "studies": len(seeds),
                          **tally.summary()}
    return out


TRAIN_LAYOUTS = {3000: "standard", 3100: "resolution", 3200: "thick-slices", 3300: "angulation"}


def phantom_summary(refs: Sequence[str]) -> dict:
    """Training phantoms by layout (seed blocks of 100 written by .data/vb/gen.sh) and seed ranges."""
    from .evaluate import _ranges

    seeds = sorted(int(r.split("-")[1]) for r in refs)
    layouts: Dict[str, int] = {}
    for s in seeds:
        name = TRAIN_LAYOUTS.get(s // 100 * 100, "other")
        layouts[name] = layouts.get(name, 0) + 1
    return {"studies": len(seeds), "seeds": _ranges(seeds), "layouts": layouts,
            "generator": "discern phantom --variant <layout> (mid-sagittal T2 image)"}


def choose_checkpoint(run: Path, val: Sequence[RealExam]) -> tuple:
    """(model, file name, validation figures): best.pt or last.pt, higher recall x precision."""
    best = None
    for name in ("best.pt", "last.pt"):
        if not (run / name).exists():
            continue
        state = torch.load(run / name, map_location="cpu")
        model = CenterNetSmall(2, WIDTH)
        model.load_state_dict(state["model"])
        model.eval()
        v = validate(model, val)
        score = v["bodyRecallIoU50"]["rate"] * (v["bodyPrecisionIoU50"]["rate"] or 0)
        print(f"{name} (step {state['step']}): validation score {score:.4f}", file=sys.stderr, flush=True)
        if best is None or score > best[0]:
            best = (score, model, f"{name} step {state['step']}", v)
    if best is None:
        raise SystemExit(f"no checkpoint in {run}")
    return best[1].eval(), best[2], best[3]


def choose_threshold(model: CenterNetSmall, val: Sequence[RealExam]) -> tuple:
    """The score threshold (0.2-0.5) with the most L1-L5 identified by counting on the VALIDATION
    exams, then the best recall x precision: (threshold, its figures, the sweep)."""
    sweep, best = {}, None
    for thr in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        v = validate(model, val, thr)
        key = (v["lumbarIdentifiedByCounting"]["rate"] or 0,
               v["bodyRecallIoU50"]["rate"] * (v["bodyPrecisionIoU50"]["rate"] or 0))
        sweep[str(thr)] = {"lumbar": key[0], "recallTimesPrecision": round(key[1], 4)}
        if best is None or key > best[0]:
            best = (key, thr, v)
    assert best is not None
    print(f"score threshold {best[1]} (validation sweep {sweep})", file=sys.stderr, flush=True)
    return best[1], best[2], sweep


def manifest(folder: Path, training: dict, metrics: dict, parity: float, thr: float = SCORE_THRESHOLD
             ) -> dict:
    onnx_path = folder / "model.onnx"
    return {
        "schema": "discern.model-manifest/v1", "id": SPEC.model_id, "version": VERSION, "task": SPEC.task,
        "description": SPEC.description, "demo": True,
        "intendedUse": "Research demo trained on public research MRI (VB3, VB1) and synthetic "
                       "phantoms; pre-annotation for a radiologist's review, not for clinical use.",
        "file": "model.onnx", "sha256": sha256(onnx_path), "bytes": onnx_path.stat().st_size,
        "opset": OPSET,
        "input": {"name": "image", "shape": [-1, 1, SIZE, SIZE], "dtype": "float32", "layout": "NCHW"},
        "preprocess": preprocess_manifest(SIZE, False, region="centered-square", percentile_clip=(1, 99)),
        "labels": list(SPEC.labels),
        "output": {
            "format": "centernet", "heatmap": "heatmap", "size": "size", "offset": "offset",
            "stride": 4, "sizeScale": 4, "heatmapActivation": "sigmoid-in-model", "peak": "3x3-local-max",
            "maxPerClass": dict(MAX_PER_CLASS), "scoreThreshold": thr,
            "scoreThresholdByLabel": {"sacrum": min(thr, SACRUM_FAINT_THRESHOLD)}, "nmsIoU": NMS_IOU,
            "assignment": {"method": "count-from-sacrum"},
            "boxSpace": "model input pixels, corner origin, of the centered square [x0, y0, x0 + s, "
                        "y0 + s] (s = max(W, H)); x_src = x0 + x_in * s / inputWidth, likewise y",
        },
        "outputs": outputs_doc(SPEC),
        "training": training, "metrics": metrics, "parity": {"maxAbsDiffOnnxVsTorch": parity},
        "createdAt": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", type=Path, default=Path(".data/vb/run"))
    p.add_argument("--realdata", type=Path, required=True)
    p.add_argument("--phantoms", type=Path, nargs="*", default=[])
    p.add_argument("--acquisitions", type=int, default=4)
    p.add_argument("--out", type=Path, default=Path("models"))
    p.add_argument("--stage", type=Path, help="write the folder here instead of --out/<id> (review first)")
    args = p.parse_args()
    torch.set_num_threads(1)
    log = json.loads((args.run / "log.json").read_text())
    val = load_exams(args.realdata, "validation")
    model, chosen, _ = choose_checkpoint(args.run, val)
    thr, val_figs, sweep = choose_threshold(model, val)
    test = load_exams(args.realdata, "test")
    metrics = {"realTest": eval_real(model, test, args.acquisitions, thr),
               "realValidation": {"exams": [e.exam_id for e in val], "middleSlabs": val_figs,
                                  "scoreThresholdSweep": sweep},
               "heldOutPhantoms": eval_phantoms(model, args.phantoms, thr)}
    print(json.dumps(metrics, indent=1), flush=True)
    folder = args.stage or args.out / SPEC.model_id
    export_onnx(model, SPEC, folder / "model.onnx")
    parity = check_parity(model, SPEC, folder / "model.onnx")
    split = read_split()
    stages = [{"run": str(args.run), "steps": log["steps"], "seconds": log["seconds"], "lr": log.get("lr"),
               "pseudoSacrumExams": sorted(log.get("pseudoSacrum") or {}), "vflip": log.get("vflip")}]
    if log.get("init"):  # a second stage started from an earlier run's checkpoint
        first = json.loads((Path(log["init"]).parent / "log.json").read_text())
        stages.insert(0, {"run": str(Path(log["init"]).parent), "steps": first["steps"],
                          "seconds": first["seconds"], "lr": first.get("lr"), "stoppedAt": log["init"]})
    training = {
        "sources": {
            "real": {"root": "../shared/realdata (JonathanRamos/fastcleverseg re-sampling of VB3: Burian "
                             "et al. 2019; VB1: Chu et al. 2015)",
                     "split": "models/training/realdata_split.json", "trainExams": log["realTrainExams"],
                     "validationExams": split["validation"], "testExams": split["test"],
                     "notUsed": "IVD (disc labels only) in every split"},
            "phantoms": phantom_summary(log["phantoms"]),
            "note": "mixed: real research MRI + synthetic phantoms"},
        "checkpoint": f"{args.run}/{chosen}" + (f" (after {stages[0]['steps']} stage-1 steps)"
                                                 if len(stages) > 1 else ""),
        "steps": sum(st["steps"] for st in stages), "batch": log["batch"],
        "seconds": sum(st["seconds"] for st in stages), "stages": stages,
        "size": SIZE, "width": WIDTH, "optimizer": f"AdamW lr {log.get('lr')} cosine (wall-clock)",
        "realShare": log.get("realShare"),
        "loss": "CenterNet focal (negatives masked on unlabelled / partly shown bodies) + 0.1 L1 size "
                "+ L1 offset",
        "augmentation": "slabs 2-5 mm at -5..+5 mm from the spine's middle; pixel size 0.4-1.2 mm, "
                        "field of view 55-110% of the source, matrix aspect 0.55-1.25, crop centre "
                        "+-25% S-I / +-15% A-P, rotation +-15 deg, A-P flip 0.5, S-I flip 0.1-0.15; gamma "
                        "0.6-1.7, random (non-)monotone contrast curves 0.4, bias field, blur, Rician noise",
        "device": "cpu", "torch": torch.__version__, "history": log["history"][-3:]}
    m = manifest(folder, training, metrics, parity, thr)
    (folder / "manifest.json").write_text(json.dumps(m, indent=2) + "\n")
    (folder / "MODEL_CARD.md").write_text(card(m))
    print(f"wrote {folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
