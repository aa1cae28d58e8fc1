import { signInRedirect } from "@/server/web/forms.ts";
import { definePage, seeOther } from "@/server/web/page.ts";

/** /dashboard goes to the signed-in user's own dashboard; links and mails point here. */
export const handler = definePage({
  GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    return seeOther(c, `/dashboard/${viewer.user.role}`);
  },
});

export default function Dashboard() {
  return null;
}
