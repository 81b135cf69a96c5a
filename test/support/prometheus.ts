// Prometheus's text format (version 0.0.4), read back sample by sample. The parsers on npm lose
// the labels of histograms; this one is only what the tests need: `name{label="value",…} number`
// lines, with label values unescaped, and `# TYPE` lines for the families' names.

export interface Sample {
  /** As written: a histogram's series end in _bucket, _sum and _count. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  samples: Sample[];
  /** Family name → its type (counter, gauge, histogram …). */
  types: Map<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y;

export function parseMetrics(text: string): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice('# TYPE '.length).split(' ');
      types.set(name!, type!);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const inside = match[2] ?? '';
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < inside.length) {
      const label = LABEL.exec(inside);
      if (!label) throw new Error(`bad labels: ${line}`);
      labels[label[1]!] = label[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return { samples, types };
}

/** The samples named `name` whose labels include `labels`. */
export function samples(scrape: Scrape, name: string, labels: Record<string, string> = {}): Sample[] {
  return scrape.samples.filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value));
}

/** The sum of those samples' values (0 when there is none). */
export function total(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  return samples(scrape, name, labels).reduce((sum, s) => sum + s.value, 0);
}
