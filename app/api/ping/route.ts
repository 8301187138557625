// POST /api/ping - the smallest route handler in this build: the baseline `npm run bench` compares /mcp with
export async function POST(request: Request) {
  await request.text();
  return Response.json({ ok: true });
}
