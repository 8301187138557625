// npm run admin:grant -- <email> [--revoke]
import { grantAdmin } from "../lib/tokens/grant-admin";
import { db } from "../lib/db/client";

const email = process.argv[2];
if (!email) {
  console.error("usage: npm run admin:grant -- <email> [--revoke]");
  process.exit(2);
}
const revoke = process.argv.includes("--revoke");
try {
  const user = await grantAdmin(email, revoke);
  if (!user) {
    console.error(`No user with email ${email}.`);
    process.exitCode = 1;
  } else {
    console.log(
      revoke ? `${user.email} no longer has mcp:admin.` : `${user.email} now has mcp:admin on all their tokens.`,
    );
  }
} finally {
  await db().$disconnect();
}
