import type { ReadingRole } from "@prisma/client";
import { signedReading } from "../../supervision/current-readings";
import { isBlinded } from "../../supervision/reading-visibility";
import { isOpen, type TPolicyReading, type TPolicyStudy } from "./types";

/** The open PRIMARY reading of a study (at most one: the partial unique index "Reading_one_open_primary"). */
export function openPrimary(study: TPolicyStudy): TPolicyReading | null {
  return study.readings.find((r) => r.role === "PRIMARY" && isOpen(r)) ?? null;
}

/** The signed reading of a role that counts now (the newest signed link of its amendment chain). */
export function currentSigned(study: TPolicyStudy, role: ReadingRole): TPolicyReading | null {
  return signedReading(study.readings, role);
}

/** Whether double-blinded reading still hides the two readers from each other. */
export function blinded(study: TPolicyStudy): boolean {
  return isBlinded(study.readingDesign, study.readings, study.reviewState);
}

/** The roles (PRIMARY / SECOND) the actor holds a reading of in this study, any status but SUPERSEDED. */
export function blindedRolesOf(study: TPolicyStudy, actorId: string): Set<string> {
  return new Set(study.readings.filter((r) => (r.role === "PRIMARY" || r.role === "SECOND") && r.readerId === actorId && r.status !== "SUPERSEDED").map((r) => r.role));
}

/** The first reading of an amendment chain (the reading every amendment ultimately names). */
export function chainRoot(study: TPolicyStudy, reading: TPolicyReading): TPolicyReading {
  let current = reading;
  for (let depth = 0; current.amendsId && depth < 100; depth++) {
    const previous = study.readings.find((r) => r.id === current.amendsId);
    if (!previous) break;
    current = previous;
  }
  return current;
}
