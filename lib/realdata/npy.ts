import { parse } from "npyjs";
import { AppError } from "../errors/app-error";

/** The element types the real-exam volumes use: numpy `<u1` / `|u1` (uint8) and `<u2` (uint16, little-endian). */
export type TNpyDtype = "u1" | "u2";

/**
 * One numpy array, always returned in C order (row-major): `data[i0 * shape[1] * shape[2] + i1 *
 * shape[2] + i2]` for a 3-D shape (the last axis varies fastest), one element per voxel. Files
 * stored in Fortran order (the first axis fastest, as the real exams are) are reordered on reading.
 */
export interface NpyArray {
  dtype: TNpyDtype;
  shape: number[];
  data: Uint8Array | Uint16Array;
}

/**
 * Parses one `.npy` file (NumPy format 1.0–3.0: magic `\x93NUMPY`, header dict with `descr`,
 * `fortran_order`, `shape`; https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html)
 * with npyjs, then checks what npyjs does not: a little-endian uint8 or uint16 element type and a
 * data length equal to the product of the shape; Fortran-ordered data is reordered to C order
 * (fortranToC). The bytes are copied into a fresh buffer first (npyjs makes typed views at the
 * header's end, which must be aligned for uint16).
 *
 * @throws AppError INVALID_INPUT naming `name` when the file is not such an array.
 */
export function parseNpy(bytes: Uint8Array, name = "array"): NpyArray {
  const buffer = bytes.slice().buffer;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(buffer);
  } catch (cause) {
    throw new AppError("INVALID_INPUT", { userMessage: `${name} is not a NumPy .npy array (${cause instanceof Error ? cause.message : "unreadable header"}).`, cause });
  }
  const dtype = parsed.dtype;
  if (dtype !== "u1" && dtype !== "u2") {
    throw new AppError("INVALID_INPUT", { userMessage: `${name} holds ${dtype} values; only uint8 and little-endian uint16 are read.` });
  }
  const shape = parsed.shape;
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) throw new AppError("INVALID_INPUT", { userMessage: `${name} has a malformed shape (${shape.join(", ")}).` });
  const count = shape.reduce((a, b) => a * b, 1);
  const data = parsed.data as Uint8Array | Uint16Array;
  if (data.length < count) {
    throw new AppError("INVALID_INPUT", { userMessage: `${name} is truncated: ${data.length} of ${count} values (shape ${shape.join("×")}).` });
  }
  const exact = data.length === count ? data : data.subarray(0, count);
  return { dtype, shape, data: parsed.fortranOrder ? fortranToC(exact, shape) : exact };
}

/**
 * Reorders a Fortran-ordered (first index fastest) array of the given shape into C order (last
 * index fastest); a new array of the same type. For shape [a, b, c], F index i + a·(j + b·k) goes
 * to C index (i·b + j)·c + k.
 */
export function fortranToC<T extends Uint8Array | Uint16Array>(data: T, shape: readonly number[]): T {
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const rank = shape.length;
  if (rank <= 1) {
    out.set(data);
    return out;
  }
  const cStrides = new Array<number>(rank);
  cStrides[rank - 1] = 1;
  for (let d = rank - 2; d >= 0; d--) cStrides[d] = cStrides[d + 1]! * shape[d + 1]!;
  const index = new Array<number>(rank).fill(0);
  for (let f = 0; f < data.length; f++) {
    let c = 0;
    for (let d = 0; d < rank; d++) c += index[d]! * cStrides[d]!;
    out[c] = data[f]!;
    for (let d = 0; d < rank; d++) {
      if (++index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}
