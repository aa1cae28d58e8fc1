/**
 * "Message" on profiles, jobs, proposals and contracts: a form posting to /messages/new, which
 * finds or creates the DM (or, with a job, the job thread) and goes there. Works without
 * JavaScript.
 */
import { Icon } from "./Icon.tsx";

export function ChatMessageButton(
  { userId, jobId, label = "Message", secondary = true }: {
    userId: string;
    jobId?: string;
    label?: string;
    secondary?: boolean;
  },
) {
  return (
    <form method="post" action="/messages/new" class="message-form">
      <input type="hidden" name="userId" value={userId} />
      {jobId && <input type="hidden" name="jobId" value={jobId} />}
      <button
        type="submit"
        class={`button button-small${secondary ? " button-secondary" : ""}`}
        data-message-user={userId}
      >
        <Icon name="chat" size={16} />
        <span>{label}</span>
      </button>
    </form>
  );
}
