// GET /.well-known/openid-configuration - the same metadata at the path OpenID-style clients try
// first (the MCP spec has clients try both); Keyway issues no ID tokens.
export { GET, OPTIONS } from "../oauth-authorization-server/route";
