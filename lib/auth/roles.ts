/**
 * Who may do what. Every route handler and page asks `can(role, permission)` (through
 * requireUser / apiRoute), never a role name: this table is the one place permissions live.
 */
export const ROLES = ["ADMIN", "SUPERVISOR", "RADIOLOGIST", "ANNOTATOR"] as const;
export type TRole = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** See the worklist, open studies and their images. */
  "study:read": ["ADMIN", "SUPERVISOR", "RADIOLOGIST", "ANNOTATOR"],
  /** Import DICOM (CLI, upload page, API). */
  "study:import": ["ADMIN", "SUPERVISOR", "RADIOLOGIST"],
  /** Queue the AI pipeline on a study. */
  "study:analyze": ["ADMIN", "SUPERVISOR", "RADIOLOGIST"],
  /** Edit boxes, ROIs and slice levels in one's own reading. */
  "annotation:edit": ["SUPERVISOR", "RADIOLOGIST", "ANNOTATOR"],
  /** Set a level's diagnosis (not annotators: they build boxes and levels only). */
  "diagnosis:edit": ["SUPERVISOR", "RADIOLOGIST"],
  /** Sign a reading (locks the study) and amend a signed one. */
  "study:sign": ["SUPERVISOR", "RADIOLOGIST"],
  /** Assign readers, choose single or double reading, adjudicate. */
  "study:assign": ["ADMIN", "SUPERVISOR"],
  /** Agreement and model-performance statistics. */
  "stats:read": ["ADMIN", "SUPERVISOR"],
  /** Freeze dataset versions and run exports. */
  "dataset:manage": ["ADMIN", "SUPERVISOR"],
  /** Download signed reports. */
  "report:read": ["ADMIN", "SUPERVISOR", "RADIOLOGIST"],
  /** The audit log (every typed audit event, filterable, CSV export). */
  "audit:read": ["ADMIN", "SUPERVISOR"],
  /** Users and roles. */
  "users:manage": ["ADMIN"],
  /** Model versions and settings. */
  "system:manage": ["ADMIN"],
  /** Configure PACS (DICOMweb) nodes: URLs and credentials. */
  "pacs:manage": ["ADMIN"],
  /** Push a signed study's SR and PDF to a PACS on demand. */
  "pacs:push": ["ADMIN", "SUPERVISOR", "RADIOLOGIST"],
} as const satisfies Record<string, readonly TRole[]>;

export type TPermission = keyof typeof PERMISSIONS;

export function can(role: TRole, permission: TPermission): boolean {
  return (PERMISSIONS[permission] as readonly TRole[]).includes(role);
}

/** Where each role lands after login. */
export function homePathFor(role: TRole): string {
  switch (role) {
    case "ADMIN":
      return "/admin/users";
    case "SUPERVISOR":
      return "/supervisor";
    case "RADIOLOGIST":
      return "/worklist";
    case "ANNOTATOR":
      return "/worklist";
  }
}

export function isRole(value: unknown): value is TRole {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
