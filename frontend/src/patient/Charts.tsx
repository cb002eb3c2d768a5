// uPlot charts for Progress. uPlot is a chunk of its own, fetched when the first chart is on
// screen: Progress shows the gate card and its words without waiting for it.
import type uPlot from "uplot";
import { useEffect, useRef } from "preact/hooks";
import { drawReferences, type Reference } from "../charts/references";
import { localDate } from "../api";
import { formatNumber, formatShortDate } from "../i18n";
import type { PainZones } from "../zones";

/** A colour from the page's palette (style.css), so the charts follow dark mode too. */
export const palette = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export type Marker = { x: number; label: string };
/** A palette entry (style.css's custom property and a fallback), read when the chart is drawn. */
export type Colour = [name: string, fallback: string];
export type SeriesSpec = { label: string; values: (number | null)[]; color: Colour; dash?: number[] };

/** Green, amber and red bands at the version's thresholds (a score sits inside its band). */
function bands(zones: PainZones): [number, number, string][] {
  const green = zones.green_max + 0.5;
  const amber = zones.amber_max + 0.5;
  return [
    [0, green, "rgba(30, 123, 60, 0.14)"],
    [green, amber, "rgba(154, 91, 0, 0.16)"],
    [amber, 10, "rgba(179, 38, 30, 0.12)"],
  ];
}

const drawBands = (zones: PainZones) => (u: uPlot) => {
  const { ctx, bbox } = u;
  ctx.save();
  for (const [lo, hi, colour] of bands(zones)) {
    const top = u.valToPos(hi, "y", true);
    const bottom = u.valToPos(lo, "y", true);
    ctx.fillStyle = colour;
    ctx.fillRect(bbox.left, top, bbox.width, bottom - top);
  }
  ctx.restore();
};

let library: Promise<typeof uPlot> | null = null;

const loadUplot = () =>
  (library ??= import("../charts/uplot").then(
    (m) => m.default,
    (error: unknown) => {
      library = null; // offline before it was cached: the next chart tries again
      throw error;
    },
  ));

function drawMarkers(u: uPlot, markers: Marker[]) {
  const { ctx, bbox } = u;
  const px = devicePixelRatio;
  ctx.save();
  ctx.strokeStyle = "#0f5c4d";
  ctx.fillStyle = "#0f5c4d";
  ctx.lineWidth = 1.5 * px;
  ctx.setLineDash([5 * px, 4 * px]);
  ctx.font = `${11 * px}px system-ui, sans-serif`;
  for (const m of markers) {
    const x = Math.round(u.valToPos(m.x, "x", true));
    if (x < bbox.left || x > bbox.left + bbox.width) continue;
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    const width = ctx.measureText(m.label).width;
    const right = bbox.left + bbox.width;
    const beside = x + 3 * px + width > right ? x - 3 * px - width : x + 3 * px;
    // Inside the plot either way: a label beside a line near the edge was cut off.
    const left = Math.max(bbox.left, Math.min(beside, right - width));
    ctx.fillText(m.label, left, bbox.top + 12 * px);
  }
  ctx.restore();
}

// Charts are drawn after the screen has painted, a step at a time (making a chart, then
// drawing it), those in view first and the rest when the phone is idle: a screen of charts
// never blocks taps for long. The chart's box keeps its size meanwhile (patient.css), so
// nothing moves when it appears.
type Job = { step: () => (() => void) | void; inView: boolean };
const waiting = new Set<Job>();
let scheduled = false;

const whenIdle: (run: () => void) => void =
  typeof requestIdleCallback === "function" ? (run) => requestIdleCallback(run, { timeout: 500 }) : (run) => setTimeout(run, 16);

function drawNext() {
  scheduled = false;
  const job = [...waiting].find((j) => j.inView) ?? waiting.values().next().value;
  if (!job) return;
  const next = job.step();
  if (next) job.step = next;
  else waiting.delete(job);
  schedule();
}

function schedule() {
  if (scheduled || !waiting.size) return;
  scheduled = true;
  whenIdle(drawNext);
}

type Props = {
  xs: number[]; // local midnight of each day, in seconds
  series: SeriesSpec[];
  markers: Marker[];
  pain: boolean; // 0-10 with traffic-light bands, or minutes
  zones?: PainZones; // the bands' thresholds; none in a copy saved by an older version
  summary: string; // what the chart shows, for screen readers
  range?: [number, number]; // a fixed y range (e.g. 0-100 for outcome scores)
  xRange?: [number, number]; // a fixed time range (seconds), e.g. programme start to today
  references?: Reference[]; // dashed reference lines, e.g. a published cohort
};

const NO_REFERENCES: Reference[] = []; // one array: a new default each render would redraw

export function Chart({ xs, series, markers, pain, zones, summary, range, xRange, references = NO_REFERENCES }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const height = 200;
    // Read when the chart is made, colours included: a frame after the screen is laid out.
    const options = (): uPlot.Options => {
      const ink = palette("--muted", "#4a5560");
      const grid = palette("--chart-grid", "#e3e8e6");
      return {
        width: Math.max(280, el.clientWidth),
        height,
        cursor: { drag: { x: false, y: false } },
        legend: { live: false }, // a key to the lines; the figure's label carries the values
        scales: { x: xRange ? { time: true, range: xRange } : { time: true }, y: range ? { range } : pain ? { range: [0, 10] } : { range: (_u, _min, max) => [0, Math.max(30, Math.ceil((max ?? 0) / 30) * 30)] } },
        axes: [
          // Dates in the chosen language ("23 Nov", "23 nov"), at the device's midnight.
          { stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid },
            values: (_u, splits) => splits.map((s) => formatShortDate(localDate(new Date(s * 1000)), false)) },
          // Numbers without Intl when they are whole (uPlot's own formatter would make one).
          { stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid }, size: 40, values: (_u, splits) => splits.map((v) => formatNumber(v)),
            ...(pain ? { splits: () => [0, 2, 4, 6, 8, 10] } : {}) },
        ],
        series: [
          {},
          ...series.map((s) => {
            const colour = palette(...s.color);
            return { label: s.label, stroke: colour, width: 2, dash: s.dash, spanGaps: true, points: { show: true, size: 6, fill: colour } };
          }),
        ],
        hooks: {
          drawClear: pain && zones ? [drawBands(zones)] : [],
          draw: [(u: uPlot) => { drawReferences(u, references); drawMarkers(u, markers); }],
        },
      };
    };
    let plot: uPlot | null = null;
    const resize = () => plot?.setSize({ width: Math.max(280, el.clientWidth), height });
    let gone = false;
    const job: Job = { inView: false, step: () => undefined };
    const seen = typeof IntersectionObserver === "function" ? new IntersectionObserver(([entry]) => {
      job.inView = !!entry?.isIntersecting;
    }) : null;
    seen?.observe(el);
    void loadUplot().then((UPlot) => {
      if (gone) return;
      job.step = () => {
        let draw: () => void = () => undefined;
        plot = new UPlot(options(), [xs, ...series.map((s) => s.values)], (made, init) => {
          el.appendChild(made.root);
          draw = () => {
            init();
            window.addEventListener("resize", resize);
          };
        });
        return draw;
      };
      waiting.add(job);
      schedule();
    }, () => undefined); // not reachable: the words and the figure's label still say it all
    return () => {
      gone = true;
      waiting.delete(job);
      seen?.disconnect();
      window.removeEventListener("resize", resize);
      plot?.destroy();
    };
  }, [xs, series, markers, pain, zones, range, xRange, references]);
  // Room for the key below the plot: a row per two lines on a phone.
  const keyRows = Math.min(2, Math.ceil(series.length / 2));
  return <div class="chart" ref={ref} role="img" aria-label={summary} data-key-rows={keyRows} />;
}
