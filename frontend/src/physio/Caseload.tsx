// The caseload: the clinic's patients, most urgent first, with why they need attention.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, type Me } from "../api";
import { Sparkline } from "./Sparkline";
import type { CaseloadRow, Page } from "./types";
import { apiPath, daysAgo, errorText, linkClick, navigate, rememberCaseload } from "./util";
import { vocabulary, words } from "./vocabulary";

export function FlagChip({ kind }: { kind: string }) {
  return <span class={`ph-chip ph-chip-${kind}`}>{words("needs", kind)}</span>;
}

export function Caseload({ me, params }: { me: Me; params: URLSearchParams }) {
  const mine = (params.get("mine") ?? (me.role === "physio" ? "1" : "0")) === "1";
  const q = params.get("q") ?? "";
  const [search, setSearch] = useState(q);
  const [rows, setRows] = useState<CaseloadRow[] | null>(null);
  const [count, setCount] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState("");
  const timer = useRef<number>();
  rememberCaseload(location.pathname + location.search);
  const searchBox = useRef<HTMLInputElement>(null);
  useEffect(() => { // back/forward changes the search: show it, unless the user is typing
    if (document.activeElement !== searchBox.current) setSearch(q);
  }, [q]);

  useEffect(() => {
    let stale = false;
    setError("");
    const query = new URLSearchParams({ mine: mine ? "1" : "0", ...(q ? { q } : {}) });
    api<Page<CaseloadRow>>(`caseload/?${query}`)
      .then((page) => {
        if (stale) return;
        setRows(page.results);
        setCount(page.count);
        setNext(page.next);
      })
      .catch((e) => !stale && setError(errorText(e)));
    return () => { stale = true; };
  }, [mine, q]);

  function setParams(nextMine: boolean, nextQ: string, push: boolean) {
    const query = new URLSearchParams({ mine: nextMine ? "1" : "0", ...(nextQ ? { q: nextQ } : {}) });
    const path = `/physio?${query}`;
    if (push) navigate(path);
    else {
      history.replaceState(null, "", path);
      window.dispatchEvent(new Event("physio:navigate"));
    }
  }

  function onSearch(value: string) {
    setSearch(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setParams(mine, value.trim(), false), 250);
  }

  async function more() {
    if (!next) return;
    try {
      const page = await api<Page<CaseloadRow>>(apiPath(next));
      setRows([...(rows ?? []), ...page.results]);
      setNext(page.next);
    } catch (e) {
      setError(errorText(e));
    }
  }

  const needing = (kind: string) => (rows ?? []).filter((r) => r.needs.includes(kind)).length;
  const summary = Object.keys(vocabulary().words.needs).map((k) => [k, needing(k)] as const).filter(([, n]) => n > 0);

  return (
    <section aria-labelledby="caseload-title">
      <div class="ph-titlebar">
        <h1 id="caseload-title">Caseload</h1>
        <p class="muted" aria-live="polite">
          {rows === null ? "Loading…" : `${count} patient${count === 1 ? "" : "s"}, most urgent first`}
        </p>
      </div>
      <div class="ph-filters">
        <fieldset class="ph-segmented">
          <legend>Show</legend>
          <label><input type="radio" name="scope" checked={mine} onChange={() => setParams(true, q, true)} /> My patients</label>
          <label><input type="radio" name="scope" checked={!mine} onChange={() => setParams(false, q, true)} /> Whole clinic</label>
        </fieldset>
        <label class="ph-field ph-search">
          Search by name
          <input ref={searchBox} type="search" value={search} onInput={(e) => onSearch(e.currentTarget.value)} placeholder="e.g. Robin" />
        </label>
      </div>
      {summary.length > 0 && (
        <p class="ph-summary">Needs you: {summary.map(([k, n]) => <span key={k}><FlagChip kind={k} /> {n}</span>)}</p>
      )}
      {error && <p class="ph-error" role="alert">{error}</p>}
      {rows !== null && rows.length === 0 && (
        <p class="ph-empty">{q ? `No patient matches “${q}”.` : mine ? "You have no patients yet. Switch to the whole clinic, or invite a patient." : "No patients yet. Invite one to begin."}</p>
      )}
      {rows !== null && rows.length > 0 && (
        <table class="ph-caseload">
          <thead>
            <tr><th scope="col">Patient</th><th scope="col">Programme and phase</th><th scope="col">Pain, 14 days</th><th scope="col">Adherence</th><th scope="col">Needs</th></tr>
          </thead>
          <tbody>{rows.map((row) => <Row key={row.patient.id} row={row} me={me} />)}</tbody>
        </table>
      )}
      {next && <button type="button" onClick={more}>Show more patients</button>}
    </section>
  );
}

function Row({ row, me }: { row: CaseloadRow; me: Me }) {
  const path = `/physio/patients/${row.patient.id}`;
  const open = (event: MouseEvent) => {
    if ((event.target as HTMLElement).closest("a, button")) return;
    navigate(path);
  };
  return (
    <tr class={`ph-row ${row.needs.length ? `ph-urgent-${row.needs[0]}` : ""}`} onClick={open}>
      <td data-label="Patient">
        <a class="ph-name" href={path} onClick={linkClick(path)}>{row.patient.name}</a>
        <div class="muted small">
          Last log {daysAgo(row.last_logged)}{row.treating_physio === me.id ? " · yours" : ""}
        </div>
      </td>
      <td data-label="Programme">
        {row.enrolments.length === 0 && <span class="muted">Not enrolled</span>}
        {row.enrolments.map((e) => (
          <div key={e.id} class="ph-prog">
            <strong>{words("protocols", e.protocol)}</strong>: {e.phase.name}
            <span class="muted small"> · day {e.days_in_phase} in phase</span>
          </div>
        ))}
      </td>
      <td data-label="Pain, 14 days"><Sparkline values={row.pain_14d} zones={row.pain_zones} /></td>
      <td data-label="Adherence">
        {row.adherence_14d === null ? <span class="muted">n/a</span> : (
          <span class={row.adherence_14d < 70 ? "ph-low" : ""}>{row.adherence_14d}%</span>
        )}
      </td>
      <td data-label="Needs">
        {row.needs.length > 0 ? row.needs.map((f) => (
          f === "note"
            ? <a key={f} class={`ph-chip ph-chip-note`} href={`${path}#conversation`} onClick={linkClick(path)}>
                {row.unread} new note{row.unread === 1 ? "" : "s"}</a>
            : <FlagChip key={f} kind={f} />
        )) : row.last_logged ? <span class="ph-ontrack">On track</span> : <span class="muted">No logs yet</span>}
        {row.waiting_on.length > 0 && (
          <ul class="ph-waiting small">{row.waiting_on.map((label) => <li key={label}>{label}</li>)}</ul>
        )}
      </td>
    </tr>
  );
}
