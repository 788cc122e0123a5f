"""Train the class-agnostic vertebra detector (labels vertebra, sacrum; contract v0.2.0) on real
exams (realdata.py, train split only) plus phantoms, with domain randomisation (vertebra_augment)
and a heatmap loss that ignores unlabelled bodies. Checkpoints every ``--save-every`` steps and
keeps the best by validation-exam recall x precision, so a stopped run is usable.

    nice -n 10 /usr/bin/python3 -m models.training.vertebra_real --realdata ../shared/realdata \\
        --phantoms .data/vb/train-* --minutes 60 --out .data/vb/run
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np
import pydicom
import torch

from .nets import CenterNetSmall
from .phantoms import find_studies, read_dicom_pixels
from .realdata import RealExam, load_exams, make_slab
from .vertebra_augment import Source, augment, to_input
from .vertebra_eval import SCORE_THRESHOLD, Tally, decode_vertebrae

SIZE = 160
WIDTH = 24
MIN_TRAIN_SEED = 1000


def phantom_source(folder: Path, min_seed: int = MIN_TRAIN_SEED) -> Source:
    """The phantom's mid-sagittal image with L1..L5 as vertebra and S1 as sacrum; the band above L1
    (T11, T12: rendered but not in truth.json) is an ignore region."""
    truth = json.loads((folder / "truth.json").read_text())
    if int(truth["seed"]) < min_seed:
        raise ValueError(f"{folder}: seed {truth['seed']} is held out (< {min_seed})")
    path = folder / truth["sagittal"]["midFile"]
    image = read_dicom_pixels(path)
    spacing = float(pydicom.dcmread(str(path), stop_before_pixels=True).PixelSpacing[0])
    h, w = image.shape
    inst = np.zeros((h, w), np.int16)
    verts = truth["vertebrae"]
    classes = [1 if v["label"] == "S1" else 0 for v in verts]
    if verts:
        xs0 = min(v["box"][0] for v in verts)
        xs1 = max(v["box"][2] for v in verts)
        pad = 0.25 * (xs1 - xs0)
        l1 = [v["box"] for v in verts if v["label"] == "L1"]
        if l1:  # T12/T11 above L1 are drawn but unlabelled; rows grow downward unless flipped
            top, bottom = min(v["box"][1] for v in verts), max(v["box"][3] for v in verts)
            above = [0, l1[0][1]] if l1[0][1] - top < bottom - l1[0][3] else [l1[0][3], h]
            inst[int(above[0]):int(np.ceil(above[1])), int(max(0, xs0 - pad)):int(min(w, xs1 + pad))] = -1
    for k, v in enumerate(verts):
        x0, y0, x1, y1 = v["box"]
        inst[int(round(y0)):int(round(y1)), int(round(x0)):int(round(x1))] = k + 1
    return Source(image, inst, classes, spacing, f"phantom-{truth['seed']}")


PSEUDO_SACRUM: Dict[str, List[float]] = {}  # exam id -> S1 box (slab pixels), see pseudo_sacra


def slab_source(exam: RealExam, offset: int, thickness: int) -> Source:
    """A slab as a training source; with a pseudo-labelled sacrum for the exam (VB3 leaves it
    unlabelled) that box becomes a "sacrum" positive over the ignore band."""
    s = make_slab(exam, offset, thickness)
    inst, classes = s.instances, list(s.classes)
    box = PSEUDO_SACRUM.get(exam.exam_id)
    if box is not None:
        inst = inst.copy()
        region = inst[int(box[1]):int(np.ceil(box[3])), int(box[0]):int(np.ceil(box[2]))]
        classes.append(1)
        region[region <= 0] = len(classes)
    return Source(s.image, inst, classes, 1.0, f"{exam.exam_id}@{offset}/{thickness}")


def pseudo_sacra(model: CenterNetSmall, exams: Sequence[RealExam], threshold: float = 0.3
                 ) -> Dict[str, List[float]]:
    """Self-training labels for the unlabelled sacrum of VB3 exams: on the middle 4 mm slab, the
    model's best "sacrum" box is kept when it scores >= ``threshold`` and sits where S1 must be:
    its centre below L5's lower edge, 0.6-1.6 L4-L5 steps below L5's centre, within one L5 width
    sideways, overlapping L5 by IoU < 0.1. Boxes in slab pixels."""
    from .detection import _iou

    out: Dict[str, List[float]] = {}
    model.eval()
    for exam in exams:
        if exam.set != "VB3":
            continue
        slab = make_slab(exam, 0, 4)
        named = dict(zip(slab.names, slab.boxes))
        if "L4" not in named or "L5" not in named:
            continue
        x, _, _ = to_input(slab.image, [], [], SIZE)
        with torch.no_grad():
            hm, sz, off = (t[0].numpy() for t in model(torch.from_numpy(x[None, None])))
        h, w = slab.image.shape
        side = max(h, w)
        x0, y0 = w / 2 - side / 2, h / 2 - side / 2
        k = side / SIZE
        sacra = [(sc, [x0 + b[0] * k, y0 + b[1] * k, x0 + b[2] * k, y0 + b[3] * k])
                 for c, sc, b in decode_vertebrae(hm, sz, off) if c == 1 and sc >= threshold]
        l4, l5 = named["L4"], named["L5"]
        step = (l5[1] + l5[3]) / 2 - (l4[1] + l4[3]) / 2
        for sc, b in sorted(sacra, key=lambda t: -t[0]):
            cy, cx = (b[1] + b[3]) / 2, (b[0] + b[2]) / 2
            dy = cy - (l5[1] + l5[3]) / 2
            if (cy > l5[3] and 0.6 * step <= dy <= 1.6 * step and abs(cx - (l5[0] + l5[2]) / 2) <= l5[2] - l5[0]
                    and _iou(b, l5) < 0.1):
                out[exam.exam_id] = [round(v, 1) for v in b]
                break
    model.train()
    return out




def masked_focal(pred, hm, size, off, mask, ignore) -> torch.Tensor:
    """CenterNet loss (focal + 0.1 L1 size + L1 offset) with the negative heatmap term switched off
    where ``ignore`` (N, h, w) = 1: unlabelled or partly shown bodies are neither taught as bodies
    nor as background."""
    p_hm, p_size, p_off = pred
    p = p_hm.clamp(1e-4, 1 - 1e-4)
    pos = hm.eq(1).float()
    neg = (1 - pos) * (1 - ignore.unsqueeze(1))
    pos_loss = (torch.log(p) * (1 - p) ** 2 * pos).sum()
    neg_loss = (torch.log(1 - p) * p ** 2 * (1 - hm) ** 4 * neg).sum()
    focal = -(pos_loss + neg_loss) / pos.sum().clamp(min=1)
    m = mask.unsqueeze(1)
    nm = mask.sum().clamp(min=1)
    l_size = (torch.abs(p_size - size) * m).sum() / nm
    l_off = (torch.abs(p_off - off) * m).sum() / nm
    return focal + 0.1 * l_size + l_off


def draw(real: Sequence[RealExam], phantoms: Sequence[Source], rng: random.Random,
         real_share: float) -> Source:
    """A random training source: a real slab (offset -5..5 mm, 2-5 mm thick; VB1 exams drawn 3x as
    often, they are the only real sacrum labels) or a phantom."""
    if real and (not phantoms or rng.random() < real_share):
        weights = [3.0 if e.set == "VB1" else 1.0 for e in real]
        exam = rng.choices(list(real), weights)[0]
        return slab_source(exam, rng.randint(-5, 5), rng.choice([2, 3, 3, 4, 4, 5]))
    return rng.choice(list(phantoms))


def batch(sources: List[Source], rng: random.Random, vflip: float = 0.1):
    """Tensors x (N, 1, S, S), heatmap, size, offset, centre mask, ignore mask."""
    items = [augment(s, SIZE, rng, vflip=vflip) for s in sources]
    x = np.stack([it[0] for it in items])[:, None]
    rest = [np.stack([it[k] for it in items]) for k in (3, 4, 5, 6, 7)]
    return tuple(torch.from_numpy(np.ascontiguousarray(a)) for a in [x, *rest])


def validate(model: CenterNetSmall, exams: Sequence[RealExam], threshold: float = SCORE_THRESHOLD) -> dict:
    """Figures on the middle 4 mm slab of each exam (no randomisation)."""
    tally = Tally()
    model.eval()
    for exam in exams:
        for offset in (-2, 0, 2):
            slab = make_slab(exam, offset, 4)
            x, boxes, ignore = to_input(slab.image, slab.boxes, slab.ignore, SIZE)
            with torch.no_grad():
                hm, sz, off = (t[0].numpy() for t in model(torch.from_numpy(x[None, None])))
            tally.add(decode_vertebrae(hm, sz, off, threshold=threshold), boxes, slab.names, ignore)
    model.train()
    return tally.summary()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--realdata", type=Path, required=True)
    p.add_argument("--phantoms", type=Path, nargs="*", default=[])
    p.add_argument("--out", type=Path, default=Path(".data/vb/run"))
    p.add_argument("--minutes", type=float, default=60.0, help="wall-clock training budget")
    p.add_argument("--steps", type=int, default=100000)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--real-share", type=float, default=0.65)
    p.add_argument("--save-every", type=int, default=200)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--init", type=Path, help="start from this checkpoint (second stage)")
    p.add_argument("--pseudo-sacrum", action="store_true",
                   help="label VB3's sacrum with the --init model's confident, anatomically placed boxes")
    p.add_argument("--vflip", type=float, default=0.1)
    args = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    real = load_exams(args.realdata, "train")
    val = load_exams(args.realdata, "validation")
    phantoms = [phantom_source(f) for f in find_studies(args.phantoms)]
    print(f"train: {len(real)} real exams, {len(phantoms)} phantoms; validation {len(val)} exams",
          file=sys.stderr, flush=True)
    model = CenterNetSmall(2, WIDTH)
    if args.init:
        model.load_state_dict(torch.load(args.init, map_location="cpu")["model"])
    if args.pseudo_sacrum:
        PSEUDO_SACRUM.update(pseudo_sacra(model, real))
        print(f"pseudo-labelled sacrum in {len(PSEUDO_SACRUM)} of "
              f"{sum(e.set == 'VB3' for e in real)} VB3 train exams", file=sys.stderr, flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    t0 = time.time()
    budget = args.minutes * 60
    best = -1.0
    log = []
    step = 0
    model.train()
    while step < args.steps and time.time() - t0 < budget:
        frac = min(1.0, (time.time() - t0) / budget)
        lr = args.lr * min(1.0, (step + 1) / 50) * (0.5 * (1 + np.cos(np.pi * frac)) * 0.95 + 0.05)
        for g in opt.param_groups:
            g["lr"] = lr
        x, hm, sz, off, mask, ign = batch([draw(real, phantoms, rng, args.real_share)
                                           for _ in range(args.batch)], rng, args.vflip)
        loss = masked_focal(model(x), hm, sz, off, mask, ign)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 300 == 0:  # phantoms still being generated when the run started join in
            known = {s.ref for s in phantoms}
            phantoms += [src for src in (phantom_source(f) for f in find_studies(args.phantoms))
                         if src.ref not in known]
        if step % 10 == 0:
            print(f"step {step} loss {float(loss):.3f} lr {lr:.2e} phantoms {len(phantoms)} "
                  f"({time.time() - t0:.0f} s)",
                  file=sys.stderr, flush=True)
        if step % args.save_every == 0:
            torch.save({"model": model.state_dict(), "step": step}, args.out / "last.pt")
            v = validate(model, val)
            score = v["bodyRecallIoU50"]["rate"] * (v["bodyPrecisionIoU50"]["rate"] or 0)
            log.append({"step": step, "seconds": round(time.time() - t0), "score": round(score, 4), **v})
            print(f"validation step {step}: {json.dumps(v)}", file=sys.stderr, flush=True)
            if score > best:
                best = score
                torch.save({"model": model.state_dict(), "step": step}, args.out / "best.pt")
            (args.out / "log.json").write_text(json.dumps({
                "seconds": round(time.time() - t0), "steps": step, "batch": args.batch,
                "realTrainExams": [e.exam_id for e in real], "phantoms": [s.ref for s in phantoms],
                "size": SIZE, "width": WIDTH, "lr": args.lr, "realShare": args.real_share,
                "init": str(args.init) if args.init else None, "pseudoSacrum": PSEUDO_SACRUM,
                "vflip": args.vflip,
                "validationExams": [e.exam_id for e in val], "history": log}, indent=1))
    torch.save({"model": model.state_dict(), "step": step}, args.out / "last.pt")
    print(f"done: {step} steps in {time.time() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
