"""MODEL_CARD.md for each models/<id>/ from its manifest.json (re-run after any manifest change):
    python3 -m models.training.cards models/
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Dict, List

ARCH = {
    "centernet": "CenterNet-style detector: ResNet-like encoder to stride 32, top-down path to "
    "stride 4, heads for a per-class sigmoid heatmap, box size and sub-cell offset. Chosen over "
    "the paper's Faster R-CNN for size and CPU speed; a torchvision Faster R-CNN export drops in "
    "with `output.format = \"detections\"`.",
    "classifier": "ResNet-like CNN (stride-2 stem, four BasicBlock stages, global average pool, "
    "linear). Stands in for the paper's ResNet101 at a fraction of the size; a ResNet101 export "
    "drops in by changing the manifest's input size.",
}


def _pct(v: Any) -> str:
    return "n/a" if v is None else f"{100 * float(v):.1f}%"


def metrics_lines(m: Dict[str, Any], task: str) -> List[str]:
    met = m.get("metrics") or {}
    if not met:
        return ["Not evaluated on held-out phantoms yet."]
    held = met.get("heldOut", {})
    lines = [f"Held-out phantom studies: {held.get('studies')} (seeds {held.get('seeds')}), never "
             "used for training (training seeds are >= 1000).", ""]
    if task == "vertebra-detection":
        lines += [f"- Localisation accuracy (label right, centre inside the true box): "
                  f"{_pct(met.get('localisationAccuracy'))} of {met.get('n')} vertebrae",
                  f"- Mean IoU with the true boxes: {met.get('meanIoU')}",
                  f"- Labels predicted that are outside the field of view: {met.get('falsePositives')}"]
    elif task == "disc-roi-detection":
        lines += [f"- ROI accuracy (IoU >= 0.5): {_pct(met.get('accuracyIoU50'))} of {met.get('n')} "
                  "slices that cut a disc",
                  f"- Boxes on slices without a disc: {met.get('falsePositivesOnSlicesWithoutDisc')} "
                  f"of {met.get('slicesWithoutDisc')}"]
    else:
        lines += [f"- Per-slice accuracy (ROI from the detector): {_pct(met.get('sliceAccuracy'))} "
                  f"of {met.get('slices')} slices",
                  f"- Per-level accuracy (mean probabilities over the level's slices): "
                  f"{_pct(met.get('levelAccuracy'))}", "",
                  "| level | accuracy | n | paper (4-fold, real MRI) |", "|---|---|---|---|"]
        paper = {"L1-L2": 0.927, "L2-L3": 0.844, "L3-L4": 0.921, "L4-L5": 0.904, "L5-S1": 0.842}
        for lv, row in (met.get("perLevel") or {}).items():
            lines.append(f"| {lv} | {_pct(row.get('accuracy'))} | {row.get('n')} | {_pct(paper.get(lv))} |")
        conf = met.get("confusionRowsTruthColsPred")
        if conf:
            lines += ["", "Confusion (rows truth, columns prediction; normal, bulge, herniation): "
                      f"`{conf}`"]
    return lines


def task_limits(m: Dict[str, Any]) -> List[str]:
    met = m.get("metrics") or {}
    if m["task"] == "disc-roi-detection":
        return [f"- The score does not tell slices that cut the disc from slices beside it: at threshold "
                f"{m['output'].get('scoreThreshold')} {met.get('falsePositivesOnSlicesWithoutDisc')} of "
                f"{met.get('slicesWithoutDisc')} held-out slices without a disc still get a box. Choose "
                "the slices of a level by geometry (distance from the plane to the disc), not by this score.",
                f"- Trained for {(m.get('training') or {}).get('epochs')} epochs (CPU time); the boxes are good (IoU >= 0.7 on every held-out disc slice), "
                "the on/off-disc score is what more training would improve."]
    if m["task"] == "vertebra-detection":
        return ["- Labels come from counting: with the sacrum or L1 outside the field of view a label can "
                "shift. The decoder's exclusive assignment (one label per body) fixed the three held-out "
                "cases where two labels shared a body; "
                f"{met.get('falsePositives')} labels were predicted for vertebrae outside the field of view."]
    return ["- On phantoms the three classes separate almost perfectly (bulge 2.2-5 mm beyond the margin, "
            "herniation a focal protrusion): these figures do not predict real-world accuracy."]


def card(m: Dict[str, Any]) -> str:
    kind = "classifier" if m["output"]["format"] == "classifier" else "centernet"
    t = m.get("training") or {}
    src = t.get("sources") or {}
    pre = m["preprocess"]
    out = [
        f"# {m['id']} {m['version']}",
        "",
        "**Demo model, trained on synthetic phantoms only (`discern phantom`). Not for clinical use.**",
        "It has never seen a real MRI study; its figures below describe phantoms, not patients.",
        "",
        f"Task: {m['task']}. {m.get('description', '')}",
        "",
        "## Contract",
        f"- Input `{m['input']['name']}` float32 {m['input']['shape']} (NCHW, dynamic batch), one grey "
        f"channel: {pre['source']}; {pre['resample']['region']} resampled bilinearly (half-pixel "
        f"centres, edge clamp, aspect not kept) to {pre['resample']['width']}x"
        f"{pre['resample']['height']}, then per-image z-score.",
        f"- Labels: {', '.join(m['labels'])}.",
        f"- Output format `{m['output']['format']}`: "
        + "; ".join(f"`{o['name']}` {o.get('shape')}: {o['meaning']}" for o in m.get("outputs", [])),
        f"- File `model.onnx`, {m.get('bytes')} bytes, opset {m.get('opset')}, sha256 `{m['sha256']}`; "
        f"ONNX vs PyTorch max abs diff {m.get('parity', {}).get('maxAbsDiffOnnxVsTorch')}.",
        "",
        "## Architecture",
        ARCH[kind],
        "",
        "## Training",
        f"- Data: {src.get('phantomStudies')} phantom studies (seeds {src.get('phantomSeeds')})"
        + (f", exports {src.get('exports')}" if src.get("exports") else "") + f"; {t.get('samples')} samples.",
        f"- {t.get('epochs')} epochs, batch {t.get('batch')}, {t.get('optimizer')}, loss: {t.get('loss')}; "
        f"augmentation: {t.get('augmentation')}; {t.get('device')}, torch {t.get('torch')}, "
        f"{t.get('seconds')} s.",
    ]
    if t.get("crossValidation"):
        out.append(f"- Cross-validation: {t['crossValidation']}")
    out += ["", "## Metrics", *metrics_lines(m, m["task"]), "",
            "## Limitations",
            "- Phantom anatomy and contrast are simplified (smooth shapes, one T2-like contrast, "
            "synthetic noise); real scanners, artefacts, implants, scoliosis, transitional "
            "vertebrae and degenerative change beyond bulge/herniation are absent.",
            "- Phantom pathology follows the generator's rules, so high accuracy here says the "
            "model learned those rules, not radiology.",
            *task_limits(m),
            "- Retrain on reviewed real studies (models/DATASET_FORMAT.md) before any real use.",
            f"- Created {m.get('createdAt')}."]
    return "\n".join(out) + "\n"


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "models")
    for mf in sorted(root.glob("*/manifest.json")):
        (mf.parent / "MODEL_CARD.md").write_text(card(json.loads(mf.read_text())))
        print(f"wrote {mf.parent / 'MODEL_CARD.md'}")


if __name__ == "__main__":
    main()
