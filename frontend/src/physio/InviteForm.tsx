// Invite a new patient (creates the patient and an invite link), or re-send an invite.
import { useState } from "preact/hooks";
import { api } from "../api";
import type { PatientCreated } from "./types";
import { errorText, linkClick } from "./util";

function CopyLink({ token }: { token: string }) {
  const link = `${location.origin}/invite/${token}`;
  const [copied, setCopied] = useState("");
  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied("Copied.");
    } catch {
      (document.getElementById(`invite-${token}`) as HTMLInputElement | null)?.select();
      setCopied("Select the link and copy it.");
    }
  }
  return (
    <div class="ph-invite" role="status">
      <label class="ph-field" for={`invite-${token}`}>Invite link (send it to the patient; it works once)</label>
      <div class="ph-copy">
        <input id={`invite-${token}`} readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={copy}>Copy link</button>
      </div>
      {copied && <p class="muted small">{copied}</p>}
    </div>
  );
}

/** Re-send: a fresh invite replaces the earlier unused one. */
export function InviteLink({ patientId }: { patientId: number }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState("");
  async function resend() {
    setError("");
    try {
      setToken((await api<{ token: string }>(`patients/${patientId}/invite/`, { method: "POST" })).token);
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <div>
      <button type="button" onClick={resend}>{token ? "Make another invite link" : "Re-send invite"}</button>
      {token && <CopyLink token={token} />}
      {error && <p class="ph-error" role="alert">{error}</p>}
    </div>
  );
}

// Clinics have no time zone of their own yet: the browser's is the clinic's in practice.
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "Europe/London";
/** Every IANA time zone the browser knows, for a searchable list (typing filters it). */
const ZONES: string[] = (() => {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  return all.includes("UTC") ? all : [...all, "UTC"];
})();

export function InviteForm() {
  const [created, setCreated] = useState<PatientCreated | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const body = Object.fromEntries(["name", "email", "date_of_birth", "timezone", "phone"].map((k) => [k, String(form.get(k) ?? "").trim()]));
    setBusy(true);
    setError("");
    try {
      setCreated(await api<PatientCreated>("patients/", { method: "POST", body }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    const patientPath = `/physio/patients/${created.id}`;
    const enrolPath = `/physio/enrol?patient=${created.id}`;
    return (
      <section class="ph-card ph-narrow">
        <h1>{created.name} is invited</h1>
        {created.invite_token && <CopyLink token={created.invite_token} />}
        <div class="ph-buttons">
          <a class="ph-button ph-primary" href={enrolPath} onClick={linkClick(enrolPath)}>Enrol in a programme</a>
          <a class="ph-button" href={patientPath} onClick={linkClick(patientPath)}>Open patient</a>
          <button type="button" onClick={() => setCreated(null)}>Invite another</button>
        </div>
      </section>
    );
  }
  return (
    <section class="ph-card ph-narrow" aria-labelledby="invite-title">
      <h1 id="invite-title">Invite a new patient</h1>
      <p class="muted">You become the treating physio. The patient sets a password from the invite link.</p>
      <form onSubmit={submit} class="ph-form">
        <div class="ph-field"><label for="invite-name">Full name</label><input id="invite-name" name="name" required autocomplete="off" /></div>
        <div class="ph-field"><label for="invite-email">Email</label><input id="invite-email" name="email" type="email" required autocomplete="off" /></div>
        <div class="ph-field"><label for="invite-dob">Date of birth</label><input id="invite-dob" name="date_of_birth" type="date" required /></div>
        <div class="ph-field">
          <label for="invite-tz">Time zone (type a city to search; logs use the patient's local dates)</label>
          <input id="invite-tz" name="timezone" list="invite-tz-list" required defaultValue={ZONE} autocomplete="off"
            onFocus={(e) => e.currentTarget.select()} />
          <datalist id="invite-tz-list">{ZONES.map((z) => <option key={z} value={z}>{z.replace(/_/g, " ")}</option>)}</datalist>
        </div>
        <div class="ph-field">
          <label for="invite-phone">Phone (optional)</label>
          <input id="invite-phone" name="phone" type="tel" autocomplete="off" placeholder="+44 7700 900123" />
        </div>
        {error && <p class="ph-error" role="alert">{error}</p>}
        <button type="submit" class="ph-primary" disabled={busy}>{busy ? "Inviting…" : "Create patient and invite"}</button>
      </form>
    </section>
  );
}
