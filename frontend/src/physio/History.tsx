// Every phase decision on a programme, newest first: what, who, when and why.
import { Checklist, phaseName } from "./Gate";
import type { Protocol, Transition } from "./types";
import { longDate, stamp } from "./util";

/** "session:<id>" or "morning+2:<date>" as words a physio reads. */
function evidenceWords(key: string): string {
  const [kind = key] = key.split(":", 1);
  const words: Record<string, string> = {
    session: "the session", run: "the run", checkin: "the check-in",
    "morning+1": "morning pain up by 1 from", "morning+2": "morning pain up by 2 from",
    weekly_mean_rising: "weekly morning pain rising from", escalating: "escalating pain from",
  };
  return words[kind] ?? kind.replace(/_/g, " ");
}
import { words } from "./vocabulary";

export function History({ transitions, protocol }: { transitions: Transition[]; protocol?: Protocol }) {
  const rows = [...transitions].sort((a, b) => b.created_at.localeCompare(a.created_at));
  return (
    <div class="ph-history">
      <h3>History</h3>
      {rows.length === 0 && <p class="muted">No phase decisions yet.</p>}
      <ol>
        {rows.map((t) => {
          const who = t.decided_by ?? t.actor ?? (t.trigger === "physio" ? "a physio" : "the gate engine");
          return (
            <li key={t.id} class={`ph-hist ph-hist-${t.status}`}>
              <p>
                <strong>{phaseName(protocol, t.from_phase)} → {phaseName(protocol, t.to_phase)}</strong>{" "}
                <span class="ph-tag">{words("decisions", t.decision)}</span>{" "}
                <span class="ph-tag">{words("statuses", t.status)}</span>
              </p>
              <p class="muted small">
                Proposed {stamp(t.created_at)} ({words("triggers", t.trigger)}{t.actor ? `, ${t.actor}` : ""})
                {t.decided_at ? ` · decided ${stamp(t.decided_at)} by ${who}` : ""}
              </p>
              {t.note && <p class="ph-note">“{t.note}”</p>}
              {t.reason && <p class="ph-reason-closed">{t.reason}</p>}
              {!!t.evidence?.length && (
                <p class="muted small">
                  Evidence: {t.evidence.map((e) => `${evidenceWords(e.evidence)} of ${longDate(e.evidence_on)}`).join("; ")}
                </p>
              )}
              {t.criteria.length > 0 && (
                <details>
                  <summary>Criteria at the time ({t.criteria.filter((c) => c.met).length} of {t.criteria.length} met)</summary>
                  <Checklist criteria={t.criteria} />
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
