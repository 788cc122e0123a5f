"""Install the retrained disc models into models/: model.onnx from the staging folder, held-out
evaluation of the installed ONNX per layout, the real-slice picture, manifest.json (version,
sha256, training sources, metrics) and MODEL_CARD.md — the whole folder at once.

    python3 -m models.training.disc_release --heldout .data/disc/heldout \\
        --before .data/disc/before.json [--product .data/disc/product.json] --models models/

--before / --stress-before: disc_eval's JSON for the previous version on the same held-out
studies, as they are and re-acquired (--reacquire 7). --product-before / --product-after: the JSON
of `discern eval --json` on the same studies with the previous and the new models installed.
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Dict, List

import torch

from .disc_card import card
from .disc_eval import evaluate, onnx_runner
from .disc_picture import run as picture
from .evaluate import _ranges
from .export import sha256, write_manifest
from .tasks import TASKS

VERSION = "0.2.0"
REAL_SLICE = Path("../shared/dicom-corpus/fodicom-testdata/GH1339.dcm")
TRAIN_VARIANTS_NOTE = ("Only the axial T2 slices are read; the detector also sees slices without a "
                       "disc (no box), the classifier the slices that cut a disc.")
AUGMENTATION = {
    "roi": "field of view 140–260 mm (square, or rectangular 75–100 %) and matrix from pixel size "
           "0.4–1.2 mm (grid capped at 320), so non-square images are squashed by the full-image "
           "resample as at inference; in-plane rotation ±20°; left-right and anterior-posterior flips; "
           "the disc anywhere in the central 60 % of the field; contrast: gamma 0.5–2, random monotone "
           "curve, window clipping, or a T1-like non-monotonic curve (p 0.15); coil bias field; "
           "multiplicative texture; blur σ 0.3–1.6 px (thicker slab, lower resolution); Rician or "
           "Gaussian noise σ 0.5–9 % of fluid signal.",
    "classifier": "the same re-acquisition of the disc's surroundings (pixel size 0.4–1.2 mm, rotation "
                  "±20°, flips, contrast curves, T1-like, bias, texture, blur, noise), local signal blobs "
                  "(nucleus brightness is not a diagnosis), then the ROI box jittered as a detector's: "
                  "centre ±12 %, scale 0.8–1.35×, aspect ±15 %.",
}


STRESS_SEED = 7


def _share(p: Dict) -> str:
    ci = p.get("ci") or {}
    return (f"{p['hits']}/{p['n']} = {100 * (p['accuracy'] or 0):.1f}% "
            f"({100 * ci.get('lower', 0):.1f}–{100 * ci.get('upper', 0):.1f})")


def product_lines(before: Dict, after: Dict) -> Dict[str, List[str]]:
    """Markdown rows from two `discern eval --json` documents (schema discern.eval/v1)."""
    head = [f"`./bin/discern eval .data/disc/heldout` ({after['studies']} held-out studies, the whole "
            "pipeline: vertebrae, levels, ROI, classification; 95% Wilson intervals):", "",
            "| figure | 0.1.0 | 0.2.0 |", "|---|---|---|"]
    roi = head + [f"| disc ROI, IoU ≥ 0.5 (at-disc slices) | {_share(before['roiAccuracy'])} | {_share(after['roiAccuracy'])} |",
                  f"| mean IoU | {before['roiAccuracy']['meanIoU']:.3f} | {after['roiAccuracy']['meanIoU']:.3f} |"]
    cls = head + [f"| per-level diagnosis, all levels | {_share(before['classification'])} | {_share(after['classification'])} |"]
    for b, a in zip(before["perLevel"], after["perLevel"]):
        cls.append(f"| {a['level']} | {_share(b)} | {_share(a)} |")
    return {"roi": roi, "classifier": cls}


def training_block(task: str, info: Dict, held_out_variants: List[str]) -> Dict:
    spec = TASKS[task]
    return {
        "sources": {"phantomSeeds": _ranges(info["seeds"]), "phantomStudies": len(info["seeds"]),
                    "variants": info["variants"], "heldOutVariants": held_out_variants, "exports": [],
                    "note": "synthetic phantoms (discern phantom) only"},
        "samples": info["samples"], "studies": info["studies"],
        "sampleNote": ("axial slices: every slice that cuts a disc plus 0.5 x as many without one"
                       if task == "roi" else "disc slices with the true ROI, label = the level's diagnosis"),
        "steps": info["steps"], "batch": info["batch"], "epochs": None,
        "optimizer": f"AdamW lr {spec.lr}, weight decay 1e-4, 5 % warm-up then cosine over the wall-time budget",
        "loss": ("CenterNet focal + 0.1 L1 size + L1 offset" if task == "roi"
                 else "class-weighted cross-entropy (inverse frequency)"),
        "augmentation": AUGMENTATION[task], "device": "cpu", "torch": torch.__version__,
        "seconds": info["seconds"], "note": TRAIN_VARIANTS_NOTE,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--staging", type=Path, default=Path(".data/disc/export"))
    p.add_argument("--checkpoints", type=Path, default=Path(".data/disc/checkpoints"))
    p.add_argument("--heldout", type=Path, nargs="+", required=True)
    p.add_argument("--before", type=Path, required=True)
    p.add_argument("--stress-before", type=Path, required=True)
    p.add_argument("--product-before", type=Path)
    p.add_argument("--product-after", type=Path)
    p.add_argument("--models", type=Path, default=Path("models"))
    p.add_argument("--after-cache", type=Path, help="held-out results of these ONNX files (reused when the sha256 match)")
    p.add_argument("--real-note", default="", help="what a reader sees in the picture (checked by eye)")
    args = p.parse_args()
    tasks = ["roi", "classifier"]
    for task in tasks:
        spec = TASKS[task]
        (args.models / spec.model_id).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(args.staging / spec.model_id / "model.onnx", args.models / spec.model_id / "model.onnx")
    shas = [sha256(args.models / TASKS[t].model_id / "model.onnx") for t in tasks]
    cached = json.loads(args.after_cache.read_text()) if args.after_cache and args.after_cache.exists() else {}
    if cached.get("sha256") == shas:  # the same ONNX files: their held-out figures are known
        held, stress = cached["held"], cached["stress"]
    else:
        held = evaluate(args.heldout, onnx_runner(args.models / TASKS["roi"].model_id / "model.onnx"),
                        onnx_runner(args.models / TASKS["classifier"].model_id / "model.onnx"))
        stress = evaluate(args.heldout, onnx_runner(args.models / TASKS["roi"].model_id / "model.onnx"),
                          onnx_runner(args.models / TASKS["classifier"].model_id / "model.onnx"), STRESS_SEED)
        if args.after_cache:
            args.after_cache.write_text(json.dumps({"sha256": shas, "held": held, "stress": stress}))
    before = json.loads(args.before.read_text())
    stress_before = json.loads(args.stress_before.read_text())
    product = (product_lines(json.loads(args.product_before.read_text()), json.loads(args.product_after.read_text()))
               if args.product_before and args.product_after else {})
    roi_dir = args.models / TASKS["roi"].model_id
    real = picture(REAL_SLICE, args.models, roi_dir / "gh1339-roi.png", f"GH1339 (real Siemens lumbar axial T2), disc ROI {VERSION}")
    held_out_variants = sorted(held["byVariant"])
    for task in tasks:
        spec = TASKS[task]
        info = json.loads((args.checkpoints / f"{spec.model_id}.json").read_text())
        real_lines = [f"![GH1339 with the ROI](gh1339-roi.png)" if task == "roi" else
                      "The ROI detector's box on GH1339 (picture in ../discern-disc-roi-centernet/gh1339-roi.png) cropped for this model:",
                      "", f"`{json.dumps(real)}`", *([ "", args.real_note] if args.real_note else [])]
        metrics = {"heldOutLayouts": held, "heldOutLayoutsBefore": before,
                   "stressTest": {"seed": STRESS_SEED, "after": stress["overall"], "before": stress_before["overall"]},
                   "product": product.get(task, []), "realSlice": real_lines}
        path = write_manifest(spec, args.models / spec.model_id, training_block(task, info, held_out_variants),
                              metrics, info["parity"])
        manifest = json.loads(path.read_text())
        manifest["version"] = VERSION
        manifest["intendedUse"] = ("Demo model trained on synthetic phantoms with domain randomisation; "
                                   "not for clinical use.")
        path.write_text(json.dumps(manifest, indent=2) + "\n")
        (path.parent / "MODEL_CARD.md").write_text(card(manifest))
        print(f"wrote {path.parent}")
    print(json.dumps({"overall": held["overall"], "stress": stress["overall"], "real": real}))


if __name__ == "__main__":
    main()
