import { readFileSync } from "node:fs";
import { readInstanceMeta } from "/work/main/lib/dicom/read-instance";
const m = readInstanceMeta(readFileSync(process.argv[2]!));
console.log(JSON.stringify(m));
