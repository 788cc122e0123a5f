export * from "./schema";
export * from "./sentences";
export * from "./three-class";
export * from "./keys";
export * from "./pixel-length";
export * from "./granularity";
