import { json, route } from "@/lib/api/handler";
import { openApiDocument, openApiDocumentSchema } from "@/lib/api/openapi";
import { config } from "@/lib/config";

// GET /api/v2/openapi.json - the OpenAPI 3.1 document of /api/v2
export const GET = route(async () => json(openApiDocumentSchema, openApiDocument(config().appUrl)));
