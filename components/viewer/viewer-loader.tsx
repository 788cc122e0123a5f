"use client";

import dynamic from "next/dynamic";
import type { TStudyView } from "@/lib/review/study-view";

/** konva needs the browser: the viewer loads on the client only. */
const ViewerApp = dynamic(() => import("./viewer-app").then((m) => m.ViewerApp), { ssr: false, loading: () => <p className="muted" style={{ padding: 12 }}>Loading viewer…</p> });

export function ViewerLoader({ view }: { view: TStudyView }) {
  return <ViewerApp initialView={view} />;
}
