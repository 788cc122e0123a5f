import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { MAX_LOGIN_BODY_BYTES, withBodyLimit } from "@/lib/http/body-limit";
import { errorResponse } from "@/lib/http/api-route";

const handler = NextAuth(authOptions);

type TContext = { params: Promise<{ nextauth: string[] }> };

/** next-auth's own handler; the login endpoint is anonymous, so its body is capped first (413). */
async function limited(request: Request, context: TContext): Promise<Response> {
  let bounded: Request;
  try {
    bounded = await withBodyLimit(request, MAX_LOGIN_BODY_BYTES);
  } catch (error) {
    return errorResponse(error);
  }
  return handler(bounded, context) as Promise<Response>;
}

export { limited as GET, limited as POST };
