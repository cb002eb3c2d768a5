// Clinic-wide exports: start one, watch its progress, download the file; admins also see
// every export the clinic made (the audit record).
import { useEffect, useState } from "preact/hooks";
import { api, localDate, type Me } from "../api";
import type { ExportJob, ExportRecord, Page } from "./types";
import { errorText, longDate, stamp } from "./util";

const KIND_WORDS: Record<string, string> = {
  logs_csv: "All logs (CSV, zipped)",
  outcome_report: "Outcome report (CSV and PDF, zipped)",
  report_pdf: "Progress report (PDF)",
  report_html: "Progress report (web page)",
  fhir: "FHIR bundle",
};
const POLL_MS = 1500;
const REFRESH_MS = 15000; // others' exports (an admin sees the clinic's) appear without a reload
const DEFAULT_DAYS = 90;

/** The last 90 days up to today: a range that holds data on a new installation too (the
 * last full quarter may predate every log). */
export function lastNinetyDays(today = new Date()): { from: string; to: string } {
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (DEFAULT_DAYS - 1));
  return { from: localDate(from), to: localDate(today) };
}

function JobRow({ job }: { job: ExportJob }) {
  const busy = job.status === "queued" || job.status === "running";
  return (
    <li class="ph-job">
      <div>
        <strong>{KIND_WORDS[job.kind] ?? job.kind}</strong>, {longDate(job.from)} to {longDate(job.to)}
        <p class="muted small">
          Started {stamp(job.created_at)}{job.created_by ? ` by ${job.created_by.name}` : ""}
          {job.rows && job.status === "done" ? ` · ${job.rows.toLocaleString()} rows` : ""}
        </p>
      </div>
      {busy && (
        <label class="ph-progress">
          <span>{job.status === "queued" ? "Waiting to start" : "Building"}: {job.progress}%</span>
          <progress max={100} value={job.progress}>{job.progress}%</progress>
        </label>
      )}
      {job.status === "done" && job.rows === 0 && <span class="muted">No rows in this range: nothing to download.</span>}
      {job.status === "done" && job.rows !== 0 && !job.expired && (
        <a class="ph-button ph-primary" href={`/api/v1/exports/${job.id}/download/`} download>
          Download
        </a>
      )}
      {job.status === "done" && job.rows !== 0 && job.expired && <span class="muted">The file has expired: start the export again.</span>}
      {job.status === "failed" && <span class="ph-error">Failed: {job.error || "unknown error"}</span>}
    </li>
  );
}

function Records() {
  const [records, setRecords] = useState<ExportRecord[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<Page<ExportRecord>>("exports/records/")
      .then((page) => setRecords(page.results))
      .catch((e) => setError(errorText(e)));
  }, []);
  return (
    <section class="ph-card" aria-labelledby="records-title">
      <h2 id="records-title">Every export from this clinic</h2>
      {error && <p class="ph-error" role="alert">{error}</p>}
      {records && records.length === 0 && <p class="muted">Nothing exported yet.</p>}
      {records && records.length > 0 && (
        <table class="ph-table">
          <thead><tr><th>When</th><th>Who</th><th>What</th><th>Whose data</th></tr></thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id}>
                <td>{stamp(r.created_at)}</td>
                <td>{r.user.email}</td>
                <td>{KIND_WORDS[r.kind] ?? r.kind}{r.date_from && r.date_to ? `, ${longDate(r.date_from)} to ${longDate(r.date_to)}` : ""}</td>
                <td>{r.patient ? r.patient.name : "The whole clinic"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Exports({ me }: { me: Me }) {
  const [jobs, setJobs] = useState<ExportJob[] | null>(null);
  const [form, setForm] = useState({ kind: "logs_csv", ...lastNinetyDays() });
  const [error, setError] = useState("");
  const [starting, setStarting] = useState(false);

  async function load() {
    try {
      setJobs((await api<Page<ExportJob>>("exports/")).results);
    } catch (e) {
      setError(errorText(e));
    }
  }
  useEffect(() => { load(); }, []);

  // While a job runs the list polls quickly; otherwise it still refreshes now and then.
  const busy = jobs?.some((j) => j.status === "queued" || j.status === "running");
  useEffect(() => {
    const timer = setTimeout(() => document.visibilityState === "visible" && load(), busy ? POLL_MS : REFRESH_MS);
    return () => clearTimeout(timer);
  }, [jobs]);

  async function start(event: Event) {
    event.preventDefault();
    setStarting(true);
    try {
      await api("exports/", { method: "POST", body: form });
      setError("");
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setStarting(false);
    }
  }

  const set = (field: string) => (event: Event) => setForm({ ...form, [field]: (event.target as HTMLInputElement).value });

  return (
    <div>
      <h1>Exports</h1>
      <form class="ph-card ph-narrow" onSubmit={start} aria-labelledby="new-export">
        <h2 id="new-export">New clinic export</h2>
        <label class="ph-field">What
          <select value={form.kind} onChange={set("kind")}>
            <option value="logs_csv">{KIND_WORDS.logs_csv}</option>
            <option value="outcome_report">{KIND_WORDS.outcome_report}</option>
          </select>
        </label>
        <div class="ph-buttons">
          <label class="ph-field">From <input type="date" value={form.from} onInput={set("from")} required /></label>
          <label class="ph-field">To <input type="date" value={form.to} onInput={set("to")} required /></label>
        </div>
        {error && <p class="ph-error" role="alert">{error}</p>}
        <div class="ph-buttons">
          <button type="submit" class="ph-primary" disabled={starting}>{starting ? "Starting…" : "Start export"}</button>
        </div>
        <p class="muted small">Exports hold personal health data: keep the files as your clinic's policy requires. Every export is recorded.</p>
      </form>
      <section class="ph-card" aria-labelledby="jobs-title">
        <h2 id="jobs-title">{me.role === "clinic_admin" ? "The clinic's exports" : "Your exports"}</h2>
        {jobs === null && !error && <p class="loading">Loading exports…</p>}
        {jobs && jobs.length === 0 && <p class="muted">No exports yet.</p>}
        {jobs && jobs.length > 0 && <ul class="ph-jobs">{jobs.map((job) => <JobRow key={job.id} job={job} />)}</ul>}
      </section>
      {me.role === "clinic_admin" && <Records />}
    </div>
  );
}
