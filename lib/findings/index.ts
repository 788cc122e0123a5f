export * from "./schema";
export * from "./sentences";
export * from "./three-class";
