// A 14-day pain sparkline as inline SVG: worst pain per day, dots coloured by the zones of
// the patient's protocol versions.
import { type PainZones, zone } from "../zones";

const W = 112;
const H = 32;
const PAD = 3;

export function Sparkline({ values, zones }: { values: (number | null)[]; zones: PainZones }) {
  const known = values.filter((v): v is number => v !== null);
  if (!known.length) return <span class="muted small">No pain logged in 14 days</span>;
  const step = (W - 2 * PAD) / Math.max(values.length - 1, 1);
  const x = (i: number) => PAD + i * step;
  const y = (v: number) => H - PAD - (v / 10) * (H - 2 * PAD);
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length) segments.push(current.join(" "));
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(" "));
  const latest = [...values].reverse().find((v) => v !== null);
  const label = `Worst daily pain over 14 days: latest ${latest}/10, highest ${Math.max(...known)}/10, ${known.length} of ${values.length} days logged`;
  return (
    <svg class="ph-spark" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <title>{label}</title>
      <rect x="0" y={PAD} width={W} height={y(zones.amber_max + 0.5) - PAD} class="ph-spark-red" />
      <line x1="0" x2={W} y1={y(zones.green_max + 0.5)} y2={y(zones.green_max + 0.5)} class="ph-spark-mid" />
      {segments.map((points) => <polyline points={points} class="ph-spark-line" />)}
      {values.map((v, i) => (v === null ? null : <circle cx={x(i)} cy={y(v)} r={i === values.length - 1 ? 3 : 2} class={`ph-dot-${zone(v, zones)}`} />))}
    </svg>
  );
}
