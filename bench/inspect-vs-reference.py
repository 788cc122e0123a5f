#!/usr/bin/env python3
"""discern inspect against a reference decoder (pydicom 2.3 + GDCM; RLE by pydicom) on lossless grayscale files.

Usage (from the repository root; needs python3-pydicom, python3-gdcm, numpy):
    /usr/bin/python3 bench/inspect-vs-reference.py [DIR ...]        # default: ../shared/dicom-corpus

Selection: every file under the folders whose header pydicom reads, with Pixel Data, Rows, Columns,
Bits Allocated, Samples per Pixel 1 and a lossless transfer syntax (native, deflated, RLE, JPEG lossless 14/14 SV1, JPEG-LS
lossless, JPEG 2000 lossless, HTJ2K lossless). Both sides hash the stored values as discern's
pixelHash defines them: sha256 of every value as little-endian int32, frame by frame, masked to
Bits Stored and sign-extended for Pixel Representation 1 (PS3.5 8.1.1, 8.2).

Outcome per file: agree (same hash), disagree (both decode, hashes differ), refused (discern
inspect says ok: false, with its reason, where the reference decodes), reference-failed
(GDCM/pydicom cannot decode, discern does), both refuse; the last two are not counted in the
agreement ratio, and are listed. Prints the counts with n and every file not agreeing.
"""
import hashlib
import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pydicom
from pydicom.pixel_data_handlers import gdcm_handler, numpy_handler, rle_handler

warnings.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parent.parent
LOSSLESS = {
    "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99",
    "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80",
    "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
}


def selected(path: Path):
    """The transfer syntax when the file is a lossless grayscale image, else None."""
    try:
        ds = pydicom.dcmread(str(path), force=True, stop_before_pixels=False)
    except Exception:
        return None
    if "PixelData" not in ds or int(ds.get("SamplesPerPixel", 1) or 1) != 1:
        return None
    if any(k not in ds for k in ("Rows", "Columns", "BitsAllocated")):  # not an image header
        return None
    meta = getattr(ds, "file_meta", None)
    ts = str(meta.TransferSyntaxUID) if meta is not None and "TransferSyntaxUID" in meta else None
    if ts is None:  # a raw data set: as pydicom read it
        ts = "1.2.840.10008.1.2" if ds.is_implicit_VR else ("1.2.840.10008.1.2.1" if ds.is_little_endian else "1.2.840.10008.1.2.2")
    return ts if ts in LOSSLESS else None


def reference_hash(path: Path) -> str:
    ds = pydicom.dcmread(str(path), force=True)
    if "TransferSyntaxUID" not in ds.file_meta:
        ds.file_meta.TransferSyntaxUID = pydicom.uid.ImplicitVRLittleEndian if ds.is_implicit_VR else (
            pydicom.uid.ExplicitVRLittleEndian if ds.is_little_endian else pydicom.uid.ExplicitVRBigEndian)
    ts = ds.file_meta.TransferSyntaxUID
    # RLE: pydicom's own decoder (this GDCM build's handler does not take RLE); other compressed: GDCM.
    pydicom.config.pixel_data_handlers = [rle_handler] if ts == "1.2.840.10008.1.2.5" else [gdcm_handler] if ts.is_compressed else [numpy_handler]
    arr = ds.pixel_array
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    a = arr.reshape(frames, int(ds.Rows), int(ds.Columns)).astype(np.int64)
    bits = int(ds.BitsStored)
    if bits < 32:
        a = a & ((1 << bits) - 1)
        if int(ds.PixelRepresentation) == 1:
            a = np.where(a >= (1 << (bits - 1)), a - (1 << bits), a)
    return hashlib.sha256(a.astype("<i4").tobytes()).hexdigest()


def isolated_reference(path: Path):
    """(hash, None) or (None, why): in a child process, as GDCM aborts the process on some files."""
    run = subprocess.run([sys.executable, __file__, "--reference", str(path)], capture_output=True, text=True)
    out = run.stdout.strip()
    if run.returncode == 0 and len(out) == 64:
        return out, None
    why = out or run.stderr.strip().splitlines()[-1] if (out or run.stderr.strip()) else f"exit {run.returncode}"
    return None, (why if run.returncode >= 0 else f"the reference decoder aborted ({why[:100]})")[:160]


def main(dirs):
    files = sorted(p for d in dirs for p in Path(d).rglob("*") if p.is_file())
    chosen = [(p, ts) for p in files for ts in [selected(p)] if ts]
    out = subprocess.run([str(ROOT / "bin/discern"), "inspect", "--json", *map(str, (p for p, _ in chosen))],
                         capture_output=True, text=True, cwd=ROOT)
    product = {}
    for line in out.stdout.splitlines():
        r = json.loads(line)
        product[str(Path(r["path"]).resolve())] = r
    counts = {"agree": 0, "disagree": 0, "disagree, discern = reference on a twin": 0, "refused": 0, "reference-failed": 0, "both refuse": 0}
    notes, disagreements, reference_of = [], [], {}
    for p, ts in chosen:
        r = product.get(str(p.resolve()))
        ref, ref_error = isolated_reference(p)
        if ref is not None and ref != isolated_reference(p)[0]:  # a reference that reads the file two ways judges nothing
            ref, ref_error = None, "the reference decodes the file to different values on two reads"
        if (r is None or not r["ok"]) and ref is None:
            counts["both refuse"] += 1
            notes.append(f"both refuse      {p}  [{ts}] discern: {r['error'] if r else 'no record'} | reference: {ref_error}")
        elif r is None or not r["ok"]:
            counts["refused"] += 1
            notes.append(f"refused          {p}  [{ts}] discern: {r['error'] if r else 'no record'}" + (f" | reference: {ref_error}" if ref_error else ""))
        elif ref is None:
            counts["reference-failed"] += 1
            notes.append(f"reference-failed {p}  [{ts}] {ref_error}")
        elif ref == r["pixelHash"]:
            counts["agree"] += 1
        else:
            counts["disagree"] += 1
            disagreements.append((p, ts, r["pixelHash"], ref))
        if ref is not None:
            reference_of[ref] = p
    # A disagreement where discern's values are exactly the reference's values for another file (a
    # twin: the same pixels stored another way) points at the reference; it stays counted, annotated.
    for p, ts, mine, ref in disagreements:
        twin = reference_of.get(mine)
        why = f"; discern's values equal the reference's for its twin {twin}" if twin and twin != p else ""
        if why:
            counts["disagree, discern = reference on a twin"] += 1
        notes.append(f"disagree         {p}  [{ts}] discern {mine[:16]} reference {ref[:16]}{why}")
    judged = counts["agree"] + counts["disagree"] + counts["refused"]
    twins = counts["disagree, discern = reference on a twin"]
    print(f"lossless grayscale files: n = {len(chosen)} (of {len(files)} files under {', '.join(map(str, dirs))})")
    for k, v in counts.items():
        print(f"  {k:40s} {v}")
    if judged:
        print(f"agreement: {counts['agree']}/{judged} = {100 * counts['agree'] / judged:.1f}% of the files the reference decodes or discern refuses;"
              f" disagreements: {counts['disagree']}, of which {twins} where discern gives the reference's own values for a twin"
              f" (counting those: {counts['agree'] + twins}/{judged} = {100 * (counts['agree'] + twins) / judged:.1f}%)")
    for n in notes:
        print(n)
    return 0 if counts["disagree"] == 0 else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--reference"]:
        try:
            print(reference_hash(Path(sys.argv[2])))
        except Exception as e:  # GDCM or pydicom cannot decode this file
            print(f"{type(e).__name__}: {str(e)[:120]}")
            sys.exit(1)
        sys.exit(0)
    sys.exit(main(sys.argv[1:] or [str(ROOT.parent / "shared" / "dicom-corpus")]))
