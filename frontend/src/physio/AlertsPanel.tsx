// The patient's open alerts, each with an Acknowledge button.
import { useState } from "preact/hooks";
import { api } from "../api";
import { FlagChip } from "./Caseload";
import type { Alert } from "./types";
import { errorText, stamp } from "./util";

export function AlertsPanel({ alerts, onChange }: { alerts: Alert[]; onChange: () => void }) {
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState("");

  async function acknowledge(alert: Alert) {
    setBusy(alert.id);
    setError("");
    try {
      await api(`alerts/${alert.id}/acknowledge/`, { method: "POST" });
      onChange();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  if (alerts.length === 0) return <p class="ph-ok">No open alerts.</p>;
  return (
    <section class="ph-card ph-alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Open alerts ({alerts.length})</h2>
      {error && <p class="ph-error" role="alert">{error}</p>}
      <ul class="ph-alert-list">
        {alerts.map((alert) => (
          <li key={alert.id} class={`ph-alert ph-sev-${alert.severity}`}>
            <div>
              <FlagChip kind={alert.kind} />
              <span class="ph-sev">{alert.severity}</span>
              <p>{alert.message}</p>
              <p class="muted small">Raised {stamp(alert.created_at)}</p>
            </div>
            <button type="button" onClick={() => acknowledge(alert)} disabled={busy === alert.id}
              aria-label={`Acknowledge alert: ${alert.message}`}>
              {busy === alert.id ? "Saving…" : "Acknowledge"}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
