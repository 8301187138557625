export { GET } from "./mcp/route";
