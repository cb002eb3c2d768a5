// A uPlot time chart with phase-change markers, optional pain zones and reference lines.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { drawReferences, type Reference } from "../charts/references";
import type { PainZones } from "../zones";
import type { ChartSpec, Marker } from "./chartData";
import { longDate } from "./util";

export type { Reference } from "../charts/references";

type Props = {
  title: string;
  spec: ChartSpec;
  xRange: [number, number];
  yRange: [number, number];
  unit?: string;
  markers: Marker[];
  zones?: PainZones; // shade green, amber and red at the version's thresholds
  references?: Reference[];
  note?: ComponentChildren;
};

const HEIGHT = 220;
const dateOf = (sec: number) => longDate(new Date(sec * 1000).toISOString().slice(0, 10));

function overlay(markers: Marker[], zones: PainZones | undefined, references: Reference[]): uPlot.Plugin {
  const px = (n: number) => n * devicePixelRatio;
  return {
    hooks: {
      drawClear: [(u) => {
        if (!zones) return;
        const { ctx, bbox } = u;
        const band = (from: number, to: number, color: string) => {
          const top = u.valToPos(to, "y", true);
          ctx.fillStyle = color;
          ctx.fillRect(bbox.left, top, bbox.width, u.valToPos(from, "y", true) - top);
        };
        // A score sits inside its band: 3 is green with a green top of 3.
        band(0, zones.green_max + 0.5, "rgba(0,158,115,0.08)");
        band(zones.green_max + 0.5, zones.amber_max + 0.5, "rgba(230,159,0,0.12)");
        band(zones.amber_max + 0.5, 10, "rgba(213,94,0,0.10)");
      }],
      draw: [(u) => {
        drawReferences(u, references);
        const { ctx, bbox } = u;
        ctx.save();
        ctx.font = `${px(11)}px system-ui, sans-serif`;
        ctx.textAlign = "left";
        ctx.textBaseline = "alphabetic";
        ctx.strokeStyle = "#5b6770";
        ctx.fillStyle = "#2c3640";
        ctx.lineWidth = px(1);
        ctx.setLineDash([px(3), px(3)]);
        let lastLabelEnd = -Infinity;
        for (const m of markers) {
          const x = u.valToPos(m.x, "x", true);
          if (x < bbox.left - 1 || x > bbox.left + bbox.width + 1) continue;
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
          const width = ctx.measureText(m.label).width;
          if (x + px(3) > lastLabelEnd) {
            const left = Math.min(x + px(3), bbox.left + bbox.width - width);
            ctx.fillText(m.label, left, bbox.top + px(12));
            lastLabelEnd = left + width + px(8);
          }
        }
        ctx.restore();
      }],
    },
  };
}

function describe(title: string, spec: ChartSpec, unit: string): string {
  const parts = spec.lines.map((line) => {
    for (let i = line.values.length - 1; i >= 0; i--) {
      const v = line.values[i];
      const x = spec.xs[i];
      if (v != null && x !== undefined) return `${line.label} latest ${v}${unit} on ${dateOf(x)}`;
    }
    return `${line.label}: no data`;
  });
  return `${title}. ${parts.join("; ")}.`;
}

export function UChart({ title, spec, xRange, yRange, unit = "", markers, zones, references = [], note }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const empty = spec.xs.length === 0;

  useEffect(() => {
    const el = box.current;
    if (!el || empty) return;
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 240),
      height: HEIGHT,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: { x: { time: true, range: xRange }, y: { range: yRange } },
      axes: [{ stroke: "#2c3640" }, { stroke: "#2c3640", size: 44 }],
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      series: [
        { label: "Date", value: (_u, v) => (v == null ? "–" : dateOf(v)) },
        ...spec.lines.map((line) => ({
          label: line.label,
          stroke: line.color,
          width: 2,
          dash: line.dash,
          spanGaps: !!line.sparse,
          points: { show: line.sparse ? true : undefined, size: line.sparse ? 5 : 7, fill: line.color },
          value: (_u: uPlot, v: number | null) => (v == null ? "–" : `${v}${unit}`),
        })),
      ],
      plugins: [overlay(markers, zones, references)],
    };
    const chart = new uPlot(opts, [spec.xs, ...spec.lines.map((l) => l.values)] as uPlot.AlignedData, el);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(el.clientWidth, 240), height: HEIGHT }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [spec, xRange[0], xRange[1]]);

  return (
    <figure class="ph-chart">
      <figcaption>{title}</figcaption>
      {empty ? <p class="muted ph-nodata">No data recorded yet.</p> : (
        <div ref={box} class="ph-chart-box" role="img" aria-label={describe(title, spec, unit)} />
      )}
      {note && <div class="muted small ph-chart-note">{note}</div>}
    </figure>
  );
}
