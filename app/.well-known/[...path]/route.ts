import { DomainError } from "@/lib/errors";
import { route } from "@/lib/api/handler";

// Any other /.well-known path: a JSON 404 (clients probing for metadata parse the body), not a page.
const notFound = route(async () => {
  throw new DomainError("not_found", "No such metadata document here.");
});
export { notFound as GET, notFound as POST, notFound as OPTIONS };
