/** Types shared by server-rendered pages, islands and the server. */

/** What pages and islands know about the signed-in user. */
export interface ViewerSummary {
  id: string;
  displayName: string;
  email: string;
  role: "client" | "worker";
  isAdmin: boolean;
  emailVerified: boolean;
  /** Unread notifications when the page was rendered (the header badge starts from it). */
  unreadNotifications?: number;
}
