// A pending review: approve or decline, with a note saved alongside the decision.
import { useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { phaseName } from "./Gate";
import type { Protocol, Transition } from "./types";
import { errorText, stamp } from "./util";
import { words } from "./vocabulary";

type Props = { review: Transition; protocol?: Protocol; onDecided: () => void };

export function ReviewBox({ review, protocol, onDecided }: Props) {
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const stepBack = review.decision === "flare";
  const from = phaseName(protocol, review.from_phase);
  const to = phaseName(protocol, review.to_phase);
  const noteId = `review-note-${review.id}`;

  async function decide(action: "approve" | "decline") {
    if (action === "decline" && !note.trim()) {
      setError("Write a short note saying why you decline, so the history shows it.");
      document.getElementById(noteId)?.focus();
      return;
    }
    setBusy(true);
    setError("");
    try {
      await api(`transitions/${review.id}/${action}/`, { method: "POST", body: { note: note.trim() } });
      onDecided();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setError(`${e.message} Showing the latest state.`);
        onDecided();
      } else setError(errorText(e));
      setBusy(false);
    }
  }

  return (
    <section class={`ph-review ${stepBack ? "ph-review-flare" : ""}`} aria-labelledby={`review-${review.id}`}>
      <h3 id={`review-${review.id}`}>
        {stepBack ? "Step back proposed" : "Ready for review"}: {from} → {to}
      </h3>
      <p class="muted small">
        Proposed {stamp(review.created_at)} ({words("triggers", review.trigger)}{review.actor ? `, ${review.actor}` : ""}).
        {stepBack ? " Approving moves the patient back." : " Approving moves the patient on today."}
      </p>
      <label class="ph-field" for={noteId}>Note for the record (required to decline)</label>
      <textarea id={noteId} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      {error && <p class="ph-error" role="alert">{error}</p>}
      <div class="ph-buttons">
        <button type="button" class="ph-primary" disabled={busy} onClick={() => decide("approve")}>
          {stepBack ? "Approve step back" : `Approve: move to ${to}`}
        </button>
        <button type="button" class="ph-danger" disabled={busy} onClick={() => decide("decline")}>
          {stepBack ? "Decline: keep phase" : "Decline"}
        </button>
      </div>
    </section>
  );
}
