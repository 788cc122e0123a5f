import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "../auth/password";
import { ROLES } from "../auth/roles";

export const ZRole = z.enum(ROLES);
export const ZPassword = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(200);

export const ZCreateUserInput = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  name: z.string().trim().min(1).max(200),
  role: ZRole,
  password: ZPassword,
});
export type TCreateUserInput = z.infer<typeof ZCreateUserInput>;

export const ZUpdateUserInput = z
  .object({
    role: ZRole.optional(),
    disabled: z.boolean().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    password: ZPassword.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "nothing to change");
export type TUpdateUserInput = z.infer<typeof ZUpdateUserInput>;

/** What the admin page and API show of a user: never the hash. */
export interface TUserView {
  id: string;
  email: string;
  name: string;
  role: z.infer<typeof ZRole>;
  disabled: boolean;
  createdAt: string;
}
