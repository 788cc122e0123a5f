"""Writes a tiny fake study in the `discern phantom` layout (DICOM files + truth.json) with
rectangles for vertebrae and discs: enough to exercise the loaders and the CLI, not to learn."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from models.training.samples import DIAGNOSES, DISC_LEVELS, VERTEBRA_LABELS


def write_image(path: Path, pixels: np.ndarray, slope: float = 1.0, intercept: float = 0.0) -> str:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.4"
    uid = generate_uid()
    meta.MediaStorageSOPInstanceUID = uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(str(path), Dataset(), file_meta=meta, preamble=b"\0" * 128)
    ds.SOPInstanceUID = uid
    ds.Modality = "MR"
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.RescaleSlope, ds.RescaleIntercept = slope, intercept
    ds.PixelData = pixels.astype(np.uint16).tobytes()
    ds.is_little_endian, ds.is_implicit_VR = True, False
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(str(path), write_like_original=False)
    return uid


def write_fake_study(folder: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    sag = rng.integers(50, 150, size=(96, 96)).astype(np.float32)
    vertebrae = []
    for k, label in enumerate(VERTEBRA_LABELS):
        box = [30.0, 6.0 + 14 * k, 54.0, 16.0 + 14 * k]
        sag[int(box[1]):int(box[3]), int(box[0]):int(box[2])] += 600
        vertebrae.append({"label": label, "centerPatient": [0, 0, float(k)], "box": box})
    sag_uid = write_image(folder / "sag" / "0001.dcm", sag)
    slices, levels = [], []
    for k, level in enumerate(DISC_LEVELS):
        diagnosis = DIAGNOSES[int(rng.integers(0, 3))]
        levels.append({"level": level, "diagnosis": diagnosis})
        for j, at_disc in enumerate((True, False)):
            img = rng.integers(50, 150, size=(64, 64)).astype(np.float32)
            roi = [16.0, 20.0, 48.0, 44.0] if at_disc else None
            if roi:
                img[20:44, 16:48] += 400 + 200 * DIAGNOSES.index(diagnosis)
            name = f"ax/{k:02d}{j}.dcm"
            uid = write_image(folder / name, img, slope=2.0, intercept=-10.0)
            slices.append({"sopInstanceUid": uid, "seriesInstanceUid": "1.2", "file": name,
                           "level": level if at_disc else None, "distanceMm": 0.0 if at_disc else None,
                           "atDisc": at_disc, "roi": roi})
    truth = {"schema": "discern.phantom-truth/v1", "seed": seed, "variant": "fake",
             "studyInstanceUid": "1.2.3", "sagittal": {"seriesInstanceUid": "1.1",
                                                       "midSopInstanceUid": sag_uid,
                                                       "midFile": "sag/0001.dcm"},
             "vertebrae": vertebrae, "slices": slices, "levels": levels, "decoys": []}
    (folder / "truth.json").write_text(json.dumps(truth))
