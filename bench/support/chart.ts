import type { Figure } from '../run.ts';

const WIDTH = 320;
const HEIGHT = 110;
const PAD = { left: 40, right: 8, top: 18, bottom: 18 };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const short = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

/**
 * A small line chart of one figure's runs (the last 30): the figure in blue, its bound in grey
 * dashes, so a regression shows at a glance. Plain SVG, no library.
 */
export function historyChart(figure: Figure, points: { at: string; value: number; bound?: number }[]): string {
  const shown = points.slice(-30);
  const values = shown.flatMap((point) => [point.value, ...(point.bound !== undefined ? [point.bound] : [])]);
  const top = Math.max(...values, 0) * 1.1 || 1;
  const x = (index: number) => PAD.left + (shown.length === 1 ? (WIDTH - PAD.left - PAD.right) / 2 : (index * (WIDTH - PAD.left - PAD.right)) / (shown.length - 1));
  const y = (value: number) => PAD.top + (1 - value / top) * (HEIGHT - PAD.top - PAD.bottom);
  const line = (pick: (point: (typeof shown)[number]) => number | undefined) =>
    shown
      .map((point, index) => [index, pick(point)] as const)
      .filter((entry): entry is readonly [number, number] => entry[1] !== undefined)
      .map(([index, value]) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`)
      .join(' ');
  const last = shown.at(-1) as (typeof shown)[number];
  const dots = shown.map((point, index) => `<circle cx="${x(index).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="2" fill="#1f5fbf"/>`).join('');
  const bound = line((point) => point.bound);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="10">`,
    `<title>${escape(figure.label)}</title>`,
    `<text x="${PAD.left}" y="11" fill="#222">${escape(figure.label)}: ${short(last.value)} ${escape(figure.unit)}${last.bound !== undefined ? ` (bound ${short(last.bound)})` : ''}, ${figure.better} is better</text>`,
    `<line x1="${PAD.left}" y1="${HEIGHT - PAD.bottom}" x2="${WIDTH - PAD.right}" y2="${HEIGHT - PAD.bottom}" stroke="#999"/>`,
    `<text x="${PAD.left - 4}" y="${y(top / 1.1) + 3}" text-anchor="end" fill="#666">${short(top / 1.1)}</text>`,
    `<text x="${PAD.left - 4}" y="${HEIGHT - PAD.bottom + 3}" text-anchor="end" fill="#666">0</text>`,
    `<text x="${PAD.left}" y="${HEIGHT - 4}" fill="#666">${escape(shown[0]?.at.slice(0, 10) ?? '')}</text>`,
    `<text x="${WIDTH - PAD.right}" y="${HEIGHT - 4}" text-anchor="end" fill="#666">${escape(last.at.slice(0, 10))} (${shown.length} runs)</text>`,
    bound ? `<polyline points="${bound}" fill="none" stroke="#999" stroke-dasharray="4 3"/>` : '',
    `<polyline points="${line((point) => point.value)}" fill="none" stroke="#1f5fbf" stroke-width="1.5"/>`,
    dots,
    '</svg>',
    '',
  ].join('\n');
}
