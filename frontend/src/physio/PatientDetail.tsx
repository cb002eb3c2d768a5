// One patient's whole story: open alerts, each programme's gate and review, charts, tests.
import { useEffect, useState } from "preact/hooks";
import { api, type Me } from "../api";
import { Conversation } from "../conversation/Conversation";
import { AlertsPanel } from "./AlertsPanel";
import { Charts } from "./Charts";
import { Corrections } from "./Corrections";
import { EnrolmentCard } from "./EnrolmentCard";
import { InviteLink } from "./InviteForm";
import { MeasureForm } from "./MeasureForm";
import { Treatments } from "./Treatments";
import type { Alert, Enrolment, Patient, Protocol, Transition } from "./types";
import { caseloadPath, errorText, fetchAll, linkClick, longDate } from "./util";

export type Story = {
  patient: Patient;
  enrolments: Enrolment[];
  protocols: Record<string, Protocol>;
  transitions: Record<number, Transition[]>;
  alerts: Alert[];
};

const protocolCache: Record<string, Promise<Protocol>> = {};
/** A protocol at the version the patient is enrolled on (a clinic may have published newer). */
export function loadProtocol(slug: string, version?: number): Promise<Protocol> {
  const key = `${slug}@${version ?? "current"}`;
  protocolCache[key] ??= api<Protocol>(`protocols/${slug}/${version ? `?version=${version}` : ""}`).catch((e) => {
    delete protocolCache[key];
    throw e;
  });
  return protocolCache[key];
}

async function loadStory(id: number): Promise<Story> {
  const [patient, enrolments, openAlerts] = await Promise.all([
    api<Patient>(`patients/${id}/`),
    fetchAll<Enrolment>(`enrolments/?patient=${id}`),
    fetchAll<Alert>(`alerts/?open=1&patient=${id}`),
  ]);
  // Per protocol, the version of the active enrolment (else the first one listed).
  const versions = new Map<string, Enrolment>();
  for (const e of enrolments) {
    if (!versions.has(e.protocol) || (e.status === "active" && versions.get(e.protocol)?.status !== "active")) versions.set(e.protocol, e);
  }
  const [protocols, histories] = await Promise.all([
    Promise.all([...versions].map(async ([slug, e]) => [slug, await loadProtocol(slug, e.version)] as const)),
    Promise.all(enrolments.map(async (e) => [e.id, await fetchAll<Transition>(`enrolments/${e.id}/transitions/`)] as const)),
  ]);
  return {
    patient,
    enrolments,
    protocols: Object.fromEntries(protocols),
    transitions: Object.fromEntries(histories),
    alerts: openAlerts,
  };
}

function age(dateOfBirth: string): number {
  const born = new Date(dateOfBirth);
  const now = new Date();
  const had = now.getMonth() > born.getMonth() || (now.getMonth() === born.getMonth() && now.getDate() >= born.getDate());
  return now.getFullYear() - born.getFullYear() - (had ? 0 : 1);
}

export function PatientDetail({ id, me }: { id: number; me: Me }) {
  const [story, setStory] = useState<Story | null>(null);
  const [error, setError] = useState("");
  const [version, setVersion] = useState(0); // bump to reload charts after a new measurement
  // Bump to reload the conversation: decisions and plan changes post their notes into it.
  const [said, setSaid] = useState(0);
  const saidSomething = () => setSaid((n) => n + 1);

  async function reload() {
    try {
      setStory(await loadStory(id));
      setError("");
    } catch (e) {
      setError(errorText(e));
    }
  }
  useEffect(() => { reload(); }, [id]);

  if (!story) {
    return error ? <p class="ph-error" role="alert">{error}</p> : <p class="loading">Loading patient…</p>;
  }
  const { patient, enrolments } = story;
  const active = enrolments.filter((e) => e.status === "active");
  const ended = enrolments.filter((e) => e.status !== "active");
  const enrolPath = `/physio/enrol?patient=${patient.id}`;

  return (
    <article class="ph-detail" aria-labelledby="patient-name">
      <p><a href={caseloadPath()} onClick={linkClick(caseloadPath())}>← Back to caseload</a></p>
      <header class="ph-patient-head">
        <div>
          <h1 id="patient-name">{patient.name}</h1>
          <p class="muted">
            {age(patient.date_of_birth)} years · born {longDate(patient.date_of_birth)} · {patient.timezone}
            {patient.treating_physio === me.id ? " · your patient" : patient.treating_physio_name ? ` · ${patient.treating_physio_name}'s patient` : " · no treating physio"} · {patient.email}
            {patient.phone && <> · <a href={`tel:${patient.phone.replace(/[^+0-9]/g, "")}`}>{patient.phone}</a></>}
          </p>
          {!patient.account_active && <p class="muted small">Has not accepted the invite yet.</p>}
          <p class="ph-files small">
            <a href={`/api/v1/patients/${patient.id}/report.pdf`} target="_blank" rel="noopener">Progress report (PDF)</a>
            <a href={`/api/v1/patients/${patient.id}/report.html`} target="_blank" rel="noopener">Report as a web page</a>
            <a href={`/api/v1/patients/${patient.id}/fhir/`} download={`patient-${patient.id}-fhir.json`}>FHIR R4 bundle</a>
          </p>
        </div>
        <div class="ph-actions">
          <a class="ph-button" href={enrolPath} onClick={linkClick(enrolPath)}>Enrol in a programme</a>
          {!patient.account_active && <InviteLink patientId={patient.id} />}
        </div>
      </header>
      {error && <p class="ph-error" role="alert">{error}</p>}
      <AlertsPanel alerts={story.alerts} onChange={reload} />
      {active.length === 0 && <p class="ph-empty">Not on a programme. Enrol the patient to start tracking gates.</p>}
      {active.map((enrolment) => (
        <EnrolmentCard
          key={enrolment.id}
          enrolment={enrolment}
          protocol={story.protocols[enrolment.protocol]}
          transitions={story.transitions[enrolment.id] ?? []}
          onChange={() => { saidSomething(); void reload(); }}
          onSaid={saidSomething}
        />
      ))}
      <section class="ph-card" id="conversation">
        <Conversation path={`patients/${patient.id}/messages/`} meId={me.id} heading="Conversation"
          placeholder={`A reply or a message for ${patient.name}`} refresh={said} />
      </section>
      <Charts story={story} version={version} />
      <Corrections patientId={patient.id} />
      <MeasureForm patient={patient} enrolments={active} onSaved={() => { setVersion(version + 1); reload(); }} />
      <Treatments patient={patient} onSaved={reload} />
      {ended.length > 0 && (
        <section class="ph-card">
          <h2>Earlier programmes</h2>
          <ul>{ended.map((e) => <li key={e.id}>{story.protocols[e.protocol]?.name ?? e.protocol}: {e.status}, from {longDate(e.start_date)}</li>)}</ul>
        </section>
      )}
    </article>
  );
}
