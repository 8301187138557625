import { DomainError } from "@/lib/errors";
import { route } from "@/lib/api/handler";

// Unknown OAuth paths answer JSON, since only programs call them.
const notFound = route(async () => {
  throw new DomainError("not_found", "No such OAuth endpoint; see /.well-known/oauth-authorization-server.");
});
export { notFound as GET, notFound as POST, notFound as PUT, notFound as DELETE };
