"""Qualitative check on a real axial slice: run the exported disc-ROI detector (and classifier) on
one DICOM image and draw the box on it (PNG), for the model card.

    python3 -m models.training.disc_picture ../shared/dicom-corpus/fodicom-testdata/GH1339.dcm \\
        --models models/ --png models/discern-disc-roi-centernet/gh1339-roi.png

The frame is decoded by lib/dicom (tools/dump-frame.ts: JPEG lossless and the other codecs pydicom
lacks here), preprocessed as lib/inference does, and run by onnxruntime-node (ort_run.cjs). The
PNG shows the whole image (window: 1st-99.5th percentile), the best box in yellow with its score
and the classifier's probabilities, and the detector's other best peaks (below its threshold
too) in blue. Prints a JSON line with box, score, probabilities.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np
from PIL import Image, ImageDraw

from .detection import decode
from .disc_eval import best_boxes, onnx_runner
from .preprocess import prepare
from .samples import DIAGNOSES
from .tasks import TASKS

REPO = Path(__file__).resolve().parents[2]


def read_frame(dicom: Path) -> np.ndarray:
    """First frame, stored value x slope + intercept, float32 (rows, columns), via lib/dicom."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "frame")
        res = subprocess.run(["node", "--no-warnings", "--import", f"file://{REPO}/node_modules/tsx/dist/loader.mjs",
                              str(Path(__file__).parent / "tools" / "dump-frame.ts"), str(dicom), prefix],
                             capture_output=True, text=True, cwd=REPO, check=False,
                             env={"PATH": "/usr/local/bin:/usr/bin:/bin", "TSX_TSCONFIG_PATH": str(REPO / "tsconfig.json")})
        if res.returncode != 0:
            raise RuntimeError(f"dump-frame.ts failed: {res.stderr.strip()}")
        meta = json.loads(Path(prefix + ".json").read_text())
        return np.fromfile(prefix + ".f32", dtype=np.float32).reshape(meta["rows"], meta["columns"])


def candidates(img: np.ndarray, models: Path, k: int = 3) -> List[Tuple[float, List[float]]]:
    """The detector's ``k`` best heatmap peaks (score, box in source pixels), thresholds ignored."""
    spec = TASKS["roi"]
    hm, size, off = onnx_runner(models / spec.model_id / "model.onnx")(
        prepare(img, [0, 0, img.shape[1], img.shape[0]], spec.size)[None, None])
    sx, sy = img.shape[1] / spec.size, img.shape[0] / spec.size
    return [(s, [b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy]) for _, s, b in decode(hm[0], size[0], off[0], k, 0.0)]


def run(dicom: Path, models: Path, png: Optional[Path], title: str = "") -> Dict[str, object]:
    img = read_frame(dicom)
    roi = onnx_runner(models / TASKS["roi"].model_id / "model.onnx")
    found = best_boxes(roi, [img])[0]
    result: Dict[str, object] = {"file": dicom.name, "shape": list(img.shape),
                                 "peaks": [[round(sc, 3), [round(v, 1) for v in b]] for sc, b in candidates(img, models)],
                                 "score": None if found is None else round(found[0], 3),
                                 "box": None if found is None else [round(v, 1) for v in found[1]]}
    if found is not None:
        cls = onnx_runner(models / TASKS["classifier"].model_id / "model.onnx")
        logits = cls(prepare(img, found[1], TASKS["classifier"].size)[None, None])[0][0]
        p = np.exp(logits - logits.max())
        p /= p.sum()
        result["probabilities"] = {k: round(float(v), 3) for k, v in zip(DIAGNOSES, p)}
    if png is not None:
        lo, hi = np.percentile(img, [1, 99.5])
        g = np.clip((img - lo) / max(hi - lo, 1e-6) * 255, 0, 255).astype(np.uint8)
        scale = 2
        im = Image.fromarray(g).convert("RGB").resize((img.shape[1] * scale, img.shape[0] * scale), Image.BILINEAR)
        d = ImageDraw.Draw(im)
        for k, (sc, cb) in enumerate(candidates(img, models)):
            if found is not None and k == 0:
                continue  # the reported box, drawn below
            b = [v * scale for v in cb]
            d.rectangle(b, outline=(0, 200, 255), width=1)
            d.text((b[0] + 3, b[3] - 13), f"peak {k + 1}: {sc:.3f}", fill=(0, 200, 255))
        if found is not None:
            b = [v * scale for v in found[1]]
            d.rectangle(b, outline=(255, 220, 0), width=3)
            label = f"ROI score {found[0]:.2f}"
            if "probabilities" in result:
                label += "  " + " ".join(f"{k} {v:.2f}" for k, v in result["probabilities"].items())  # type: ignore[union-attr]
            d.text((b[0], max(0, b[1] - 14)), label, fill=(255, 220, 0))
        else:
            d.text((8, 8), f"no ROI above the threshold {TASKS['roi'].score_threshold}; blue: the three best "
                   "peaks below it", fill=(255, 80, 80))
        if title:
            d.text((8, im.height - 16), title, fill=(255, 255, 255))
        png.parent.mkdir(parents=True, exist_ok=True)
        im.save(png)
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dicom", type=Path)
    p.add_argument("--models", type=Path, default=REPO / "models")
    p.add_argument("--png", type=Path)
    p.add_argument("--title", default="")
    args = p.parse_args()
    print(json.dumps(run(args.dicom, args.models, args.png, args.title)))


if __name__ == "__main__":
    main()
