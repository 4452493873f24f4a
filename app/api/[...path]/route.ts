// Any /api path that no route matches: a JSON `{code, message}` 404 like every other API error,
// instead of the console's HTML not-found page (clients parse API answers as JSON).
import { errorResponse } from "@/lib/api/responses";

export const dynamic = "force-dynamic";

const notFound = async (): Promise<Response> => errorResponse(404, "no such API endpoint");

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
