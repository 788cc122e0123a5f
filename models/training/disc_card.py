"""MODEL_CARD.md for the two axial disc models (disc-ROI detector, disc classifier) from their
manifest.json: contract, training sources and randomisation, held-out figures per phantom layout
with 95 % Wilson intervals (before and after), the product's `discern eval`, and the real slice.

    python3 -m models.training.disc_card models/discern-disc-roi-centernet/manifest.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

from .cards import ARCH


def _pct(v: Optional[float]) -> str:
    return "n/a" if v is None else f"{100 * v:.1f}%"


def _ci(ci: Any) -> str:
    if not ci or ci[0] is None:
        return ""
    return f" ({100 * ci[0]:.1f}–{100 * ci[1]:.1f})"


def layout_table(held: Dict[str, Any], before: Optional[Dict[str, Any]], roi: bool) -> List[str]:
    """Rows per held-out variant: this version and, when given, the previous one on the same studies."""
    if roi:
        head = ["| layout (held out) | slices | ROI found, IoU ≥ 0.5 (95% CI) | mean IoU | 0.1.0 ROI found |",
                "|---|---|---|---|---|"]
    else:
        head = ["| layout (held out) | levels | per-level diagnosis (95% CI) | per-slice | 0.1.0 per-level |",
                "|---|---|---|---|---|"]
    rows = []
    variants = dict(held.get("byVariant", {}))
    variants["**all**"] = held["overall"]
    for name, b in variants.items():
        prev = (before or {}).get("byVariant", {}).get(name) if name != "**all**" else (before or {}).get("overall")
        if roi:
            old = f"{prev['roiFound']}/{prev['roiN']}" if prev else "n/a"
            rows.append(f"| {name} | {b['roiN']} | {b['roiFound']}/{b['roiN']} = {_pct(b['roiRate'])}{_ci(b['roiCI95'])} "
                        f"| {b['meanIoU']} | {old} |")
        else:
            old = f"{prev['levelCorrect']}/{prev['levelN']}" if prev else "n/a"
            rows.append(f"| {name} | {b['levelN']} | {b['levelCorrect']}/{b['levelN']} = {_pct(b['levelAccuracy'])}"
                        f"{_ci(b['levelCI95'])} | {_pct(b['sliceAccuracy'])} | {old} |")
    return head + rows


def card(m: Dict[str, Any]) -> str:
    roi = m["task"] == "disc-roi-detection"
    t = m.get("training") or {}
    src = t.get("sources") or {}
    met = m.get("metrics") or {}
    held = met.get("heldOutLayouts")
    pre = m["preprocess"]
    out = [
        f"# {m['id']} {m['version']}",
        "",
        "**Demo model, trained on synthetic phantoms only (`discern phantom`), with strong domain "
        "randomisation. Not for clinical use.** It has never been trained on a real MRI image; one "
        "real axial slice is checked by eye below.",
        "",
        f"Task: {m['task']}. {m.get('description', '')}",
        "",
        "## Contract",
        f"- Input `{m['input']['name']}` float32 {m['input']['shape']} (NCHW, dynamic batch), one grey "
        f"channel: {pre['source']}; {pre['resample']['region']} resampled bilinearly (half-pixel "
        f"centres, edge clamp, aspect not kept) to {pre['resample']['width']}x{pre['resample']['height']}, "
        f"then per-image {pre['normalize']['method']}.",
        f"- Labels: {', '.join(m['labels'])}.",
        f"- Output format `{m['output']['format']}`: "
        + "; ".join(f"`{o['name']}` {o.get('shape')}: {o['meaning']}" for o in m.get("outputs", [])),
        f"- File `model.onnx`, {m.get('bytes')} bytes, opset {m.get('opset')}, sha256 `{m['sha256']}`; "
        f"onnxruntime-node vs PyTorch max abs diff {m.get('parity', {}).get('maxAbsDiffOnnxVsTorch')}.",
        "",
        "## Architecture",
        ARCH["centernet" if roi else "classifier"],
        "",
        "## Training",
        f"- Sources: {src.get('phantomStudies')} phantom studies, seeds {src.get('phantomSeeds')}, "
        f"layouts {', '.join(src.get('variants', []))}; held out whole (never in training): "
        f"{', '.join(src.get('heldOutVariants', []))}; {src.get('note', '')}.",
        f"- {t.get('samples')} samples ({t.get('sampleNote', '')}); {t.get('steps')} steps of batch "
        f"{t.get('batch')} ({t.get('seconds')} s on {t.get('device')}, torch {t.get('torch')}, one thread, shared 2-core CPU); "
        f"{t.get('optimizer')}; loss: {t.get('loss')}.",
        f"- Domain randomisation (models/training/axial_augment.py), a fresh draw per sample and step: "
        f"{t.get('augmentation')}",
        "",
        "## Held-out phantom layouts",
    ]
    if held:
        out += [f"{held.get('studies')} studies (seeds {held.get('seeds')}), layouts never used in training; the "
                "exported model.onnx run by onnxruntime-node (`python3 -m models.training.disc_eval`). "
                + ("ROI found: the best box on a slice that cuts a disc has IoU ≥ 0.5 with the true ROI."
                   if roi else "Per level: argmax of the mean probabilities over the level's disc slices, "
                   "each cropped with the detector's box."), "",
                *layout_table(held, met.get("heldOutLayoutsBefore"), roi)]
        if not roi:
            out += ["", f"Confusion over all held-out levels (rows truth, columns prediction; normal, bulge, "
                    f"herniation): `{held['overall']['confusionRowsTruthColsPred']}`."]
    else:
        out.append("Not evaluated yet.")
    stress = met.get("stressTest")
    if stress:
        a, b = stress["after"], stress["before"]
        key = ("roiFound", "roiN", "roiCI95") if roi else ("levelCorrect", "levelN", "levelCI95")
        out += ["", "### Stress test: the same held-out slices re-acquired",
                f"Every held-out slice re-acquired once by a random scanner (axial_augment.reacquire_slice, "
                f"seed {stress['seed']}; the same images for both versions). This is the randomisation family "
                "the model was trained with, so it shows tolerance to acquisition, not generalisation to "
                "another generator or to patients." + ("" if roi else " Scored as the chain (each version's "
                "own ROI detector, then its classifier)."), "",
                f"- 0.1.0: {b[key[0]]}/{b[key[1]]}{_ci(b[key[2]])}" + (f", mean IoU {b['meanIoU']}" if roi else f", per slice {_pct(b['sliceAccuracy'])}"),
                f"- {m['version']}: {a[key[0]]}/{a[key[1]]}{_ci(a[key[2]])}" + (f", mean IoU {a['meanIoU']}" if roi else f", per slice {_pct(a['sliceAccuracy'])}")]
    prod = met.get("product")
    if prod:
        out += ["", "## Through the product (`discern eval`)", *prod]
    real = met.get("realSlice")
    if real:
        out += ["", "## Real axial slice (qualitative)", *real]
    out += ["", "## Limitations",
            "- Phantom anatomy is simplified (smooth shapes, one T2 contrast before randomisation); "
            "randomisation widens what the model tolerates, it does not teach real anatomy.",
            "- Phantom pathology follows the generator's rules (bulge: disc beyond the margin all "
            "round; herniation: a focal posterior blob); real degenerative change is more varied.",
            *([f"- One box per slice; the score does not tell on-disc from off-disc slices reliably: "
               f"choose the slices of a level by geometry (docs/pipeline.md)."] if roi else
              ["- Diagnosis depends on the ROI box: the classifier was trained with boxes jittered "
               "±12 % and scaled 0.8–1.35×; a box far outside that is out of its training range."]),
            "- Retrain on reviewed real studies (models/DATASET_FORMAT.md) before any real use.",
            f"- Created {m.get('createdAt')}."]
    return "\n".join(out) + "\n"


def main() -> None:
    for arg in sys.argv[1:]:
        path = Path(arg)
        (path.parent / "MODEL_CARD.md").write_text(card(json.loads(path.read_text())))
        print(f"wrote {path.parent / 'MODEL_CARD.md'}")


if __name__ == "__main__":
    main()
