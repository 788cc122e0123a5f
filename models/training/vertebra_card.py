"""MODEL_CARD.md of the v0.2.0 vertebra detector from its manifest.json (vertebra_export.py writes
both). Figures: share, n and 95% Wilson interval, as measured; nothing here is typed by hand."""
from __future__ import annotations

from typing import Any, Dict, List

from .cards import ARCH


def _r(f: Dict[str, Any]) -> str:
    if not f or f.get("n") in (None, 0):
        return "n/a (n 0)"
    lo, hi = f["ci95"]
    return f"{100 * f['rate']:.1f}% ({f['k']}/{f['n']}; 95% CI {100 * lo:.1f}-{100 * hi:.1f}%)"


def _rows(title: str, figs: Dict[str, Any]) -> List[str]:
    return [f"| {title} | {_r(figs.get('bodyRecallIoU50'))} | {_r(figs.get('bodyPrecisionIoU50'))} | "
            f"{_r(figs.get('lumbarIdentifiedByCounting'))} | {_r(figs.get('lumbarIdentifiedS1InView'))} | "
            f"{_r(figs.get('imagesAllLumbarRight'))} | "
            f"{_r(figs.get('imagesWithSacrumFound'))} |"]


HEADER = ["| images | body recall (IoU >= 0.5) | body precision | L1-L5 identified by counting | "
          "L1-L5 identified, S1 in view | images with every lumbar body right | sacrum found |",
          "|---|---|---|---|---|---|---|"]


def card(m: Dict[str, Any]) -> str:
    t = m.get("training") or {}
    src = t.get("sources") or {}
    real = src.get("real") or {}
    ph = src.get("phantoms") or {}
    met = m.get("metrics") or {}
    test = met.get("realTest") or {}
    out = [
        f"# {m['id']} {m['version']}", "",
        "**Research demo. Trained on public research MRI (two sets) and synthetic phantoms. Not for "
        "clinical use.** Its boxes are a pre-annotation for a radiologist to review.", "",
        f"Task: {m['task']}. {m.get('description', '')}", "",
        "## Contract",
        f"- Input `image` float32 {m['input']['shape']} (NCHW, dynamic batch): stored values after the "
        "Modality LUT; the centered square of side max(W, H) (edge clamped) resampled bilinearly to "
        f"{m['preprocess']['resample']['width']}x{m['preprocess']['resample']['height']}; percentile clip "
        "1-99 to [0, 1].",
        f"- Labels {m['labels']}: every vertebral body (thoracic or lumbar) and the first sacral segment. "
        "The model does not name levels: lib/pipeline counts up from the sacrum "
        "(`assignment.method = count-from-sacrum`).",
        f"- Decoder: 3x3 peaks, best {m['output']['maxPerClass']} per class above "
        f"{m['output']['scoreThreshold']} (the threshold with the most L1-L5 identified on the validation "
        f"exams), greedy NMS per class at IoU {m['output']['nmsIoU']}.",
        f"- `model.onnx` {m.get('bytes')} bytes, opset {m.get('opset')}, sha256 `{m['sha256']}`; ONNX "
        f"(onnxruntime-node) vs PyTorch max abs diff {m['parity']['maxAbsDiffOnnxVsTorch']:.3g}.", "",
        "## Architecture", ARCH["centernet"], "",
        "## Training data",
        f"- Real, train split ({len(real.get('trainExams', []))} exams): {', '.join(real.get('trainExams', []))}. "
        f"Source: {real.get('root')}.",
        f"- Validation (checkpoint choice only): {', '.join(real.get('validationExams', []))}.",
        f"- Test (figures below only): {', '.join(real.get('testExams', []))}. Split by exam, seeded, "
        f"stratified by set: `{real.get('split')}`. {real.get('notUsed')}.",
        "- VB3 labels only L1-L5: T12 above and the sacrum below are visible but unlabelled, so the "
        "heatmap loss ignores them (neither body nor background); likewise bodies a slab shows only "
        "in part and whatever lies above VB1's top label. VB1's lowest label was checked by eye on "
        "the middle slab of all 11 exams: the first sacral segment each time.",
        f"- Phantoms: {ph.get('studies')} studies, seeds {ph.get('seeds')}, layouts {ph.get('layouts')} "
        f"({ph.get('generator')}); T11/T12 above L1 ignored the same way.",
        f"- {t.get('steps')} steps run in all, batch {t.get('batch')} ({t.get('realShare')} real slabs), "
        f"AdamW, cosine decay over each stage's wall-clock budget, {t.get('seconds')} s on a shared 2-core "
        f"CPU, torch {t.get('torch')}; the weights shipped: {t.get('checkpoint')}, chosen on the "
        "validation exams (recall x precision).",
        *[f"- Stage {k + 1}: {st.get('steps')} steps, {st.get('seconds')} s, peak lr {st.get('lr')}"
          + (f"; VB3 sacrum pseudo-labelled (self-training: the stage-1 model's confident box where S1 "
             f"must lie, below L5) in {len(st['pseudoSacrumExams'])} train exams: "
             f"{', '.join(st['pseudoSacrumExams'])}" if st.get("pseudoSacrumExams") else "") + "."
          for k, st in enumerate(t.get("stages") or [])],
        f"- Loss: {t.get('loss')}.", f"- Domain randomisation: {t.get('augmentation')}.", "",
        "## Figures on the real TEST exams",
        "Middle slabs: 4 mm slabs at -2, 0 and +2 mm from the spine's middle of each test exam (IVD "
        "exams have no body labels and are not scored). Random acquisitions: each test exam re-acquired "
        "with seeded random field of view, pixel size, rotation, contrast curve, bias field and noise. "
        "Truth: bodies shown by at least half their area; predictions on unlabelled bodies (VB3's T12 "
        "and sacrum) count neither way. L1-L5 identified: the box named Lk by counting up from the "
        "sacrum (2D twin of lib/pipeline/count-vertebrae.ts) overlaps the true Lk by IoU >= 0.5; no "
        "sacrum found means nothing is named. \"S1 in view\": images whose field of view shows the "
        "sacrum (VB1: labelled; VB3: at least 0.6 of L5's height of image below L5, by geometry) - many "
        "VB3 fields of view end at L5, where counting from the sacrum cannot work.", "", *HEADER]
    for name, figs in test.items():
        out += _rows(f"{name} middle slabs ({len(figs.get('exams', []))} exams)", figs.get("middleSlabs", {}))
        out += _rows(f"{name} random acquisitions", figs.get("randomAcquisitions", {}))
    val = (met.get("realValidation") or {}).get("middleSlabs")
    if val:
        out += ["", "Validation exams (used to choose the checkpoint, so optimistic):", "", *HEADER,
                *_rows("validation middle slabs", val)]
    out += ["", "## Held-out phantoms (seeds < 1000, never trained on)", "", *HEADER]
    for name, figs in (met.get("heldOutPhantoms") or {}).items():
        out += _rows(f"{name} ({figs.get('studies')} studies, seeds {figs.get('seeds')})", figs)
    out += ["", "Training phantoms used only the standard and resolution layouts: partial-coverage, "
            "flipped-axes and feet-first were never trained on; mixed draws every choice at random "
            "(held-out seeds). The phantom count is scored on the image turned head-up (the pipeline "
            "counts in patient space); phantom truth omits bodies cut by the field of view, so boxes "
            "on them count as false positives here.", "",
            "## Limitations",
            "- Real training data are 42 exams from two research sets (healthy volunteers' water "
            "images; 7 clinical T1/T2/TIRM exams): implants, severe degeneration, children and other "
            "scanners are barely or not represented. Test n is small: read the intervals.",
            "- The real volumes were re-sampled to 1 mm by the dataset's author; slabs averaged from "
            "them approximate, not reproduce, a 4 mm clinical acquisition.",
            "- Transitional vertebrae are not labelled in the training data; counting from the sacrum "
            "names a lumbarised S1 as L5 (the pipeline flags transitional signs separately).",
            f"- Created {m.get('createdAt')}."]
    return "\n".join(out) + "\n"
