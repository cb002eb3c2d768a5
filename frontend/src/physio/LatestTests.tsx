// The latest result of each clinician test, check and measure, with its date.
import { measureLabel, valueWords } from "./vocabulary";
import type { Measurement } from "./types";
import { longDate } from "./util";

export function LatestTests({ measurements }: { measurements: Measurement[] }) {
  const latest = new Map<string, Measurement>();
  for (const m of [...measurements].sort((a, b) => a.date.localeCompare(b.date))) {
    latest.set(`${m.key}|${m.side}|${m.method}`, m);
  }
  const rows = [...latest.values()].sort((a, b) => measureLabel(a.key).localeCompare(measureLabel(b.key)));
  if (!rows.length) return <p class="muted">No clinician tests or outcome scores recorded yet.</p>;
  return (
    <table class="ph-latest">
      <caption>Latest results</caption>
      <thead><tr><th scope="col">Test</th><th scope="col">Result</th><th scope="col">Date</th></tr></thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.id}>
            <td>{measureLabel(m.key)}{m.side ? `, ${m.side}` : ""}{m.method ? ` (${m.method === "10rm" ? "10RM" : m.method})` : ""}</td>
            <td>{valueWords(m.key, m.value)}</td>
            <td>{longDate(m.date)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
