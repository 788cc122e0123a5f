// Box IoU is geometry; statistics re-export it so that lib/stats stays one import for its users.
export { boxIou, type TBox } from "../geometry/box-iou";
