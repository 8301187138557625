// A bare Next.js POST route: the body read as JSON, a JSON answer. The ceiling for any route here.
export async function POST(request) {
  await request.json();
  return Response.json({ ok: true });
}
