// POST /api/ping - the smallest JSON route handler in this build (parse a body, answer JSON): the floor `npm run bench` compares /mcp with
export async function POST(request: Request) {
  const body: unknown = await request.json();
  return Response.json({ ok: true, received: typeof body });
}
