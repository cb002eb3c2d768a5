// The physio and clinic-admin screens: caseload, patient detail, invite and enrol.
import { useEffect, useState } from "preact/hooks";
import type { Me } from "../api";
import { signOut } from "../auth/session";
import { Caseload } from "./Caseload";
import { EnrolForm } from "./EnrolForm";
import { Exports } from "./Exports";
import { InviteForm } from "./InviteForm";
import { PatientDetail } from "./PatientDetail";
import { linkClick, useLocation } from "./util";
import { loadVocabulary } from "./vocabulary";
import "./physio.css";

function route(where: string) {
  const url = new URL(where, location.origin);
  const patient = url.pathname.match(/^\/physio\/patients\/(\d+)\/?$/);
  if (patient) return { screen: "patient" as const, id: Number(patient[1]), url };
  if (/^\/physio\/patients\/new\/?$/.test(url.pathname)) return { screen: "invite" as const, url };
  if (/^\/physio\/enrol\/?$/.test(url.pathname)) return { screen: "enrol" as const, url };
  if (/^\/physio\/exports\/?$/.test(url.pathname)) return { screen: "exports" as const, url };
  return { screen: "caseload" as const, url };
}

/** The dashboard, once the vocabulary its screens name things with has loaded. */
export function PhysioApp({ me }: { me: Me }) {
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  useEffect(() => {
    loadVocabulary().then(() => setState("ready"), () => setState("failed"));
  }, []);
  if (state === "failed") return <p class="loading" role="alert">Could not load the dashboard. Check the connection and reload.</p>;
  return state === "ready" ? <Dashboard me={me} /> : <p class="loading" role="status">Loading…</p>;
}

function Dashboard({ me }: { me: Me }) {
  const where = useLocation();
  const current = route(where);
  const [signOutError, setSignOutError] = useState("");

  async function leave() {
    try {
      await signOut();
      location.assign("/");
    } catch (error) {
      setSignOutError(error instanceof Error ? error.message : "Could not sign out.");
    }
  }

  const nav = (path: string, label: string, active: boolean) => (
    <a href={path} onClick={linkClick(path)} aria-current={active ? "page" : undefined}>{label}</a>
  );

  return (
    <div class="physio">
      <header class="ph-top">
        <div class="ph-top-inner">
          <p class="ph-brand">{me.clinic?.name ?? "Clinic"}</p>
          <nav aria-label="Main">
            {nav("/physio", "Caseload", current.screen === "caseload")}
            {nav("/physio/patients/new", "Invite a patient", current.screen === "invite")}
            {nav("/physio/enrol", "Enrol a patient", current.screen === "enrol")}
            {nav("/physio/exports", "Exports", current.screen === "exports")}
          </nav>
          <div class="ph-who">
            <span>{me.name}{me.role === "clinic_admin" ? " (clinic admin)" : ""}</span>
            <button type="button" class="ph-quiet" onClick={leave}>Sign out</button>
          </div>
        </div>
        {signOutError && <p class="ph-error" role="alert">{signOutError}</p>}
      </header>
      <main class="ph-main">
        {current.screen === "patient" && <PatientDetail key={current.id} id={current.id} me={me} />}
        {current.screen === "invite" && <InviteForm />}
        {current.screen === "enrol" && (
          <EnrolForm key={where} patientId={Number(current.url.searchParams.get("patient")) || null} />
        )}
        {current.screen === "exports" && <Exports me={me} />}
        {current.screen === "caseload" && <Caseload me={me} params={current.url.searchParams} />}
      </main>
      <footer class="ph-foot muted">This software supports clinicians; it does not diagnose.</footer>
    </div>
  );
}
