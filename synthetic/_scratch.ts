import { generateDataset } from './index.ts';
const t0 = performance.now();
const n = Number(process.argv[2] ?? 2000);
const m = await generateDataset({ profile: process.argv[3] ?? 'diabetes-cohort-nl', patients: n, seed: 7, outDir: '/tmp/ds1' });
const ms = performance.now() - t0;
console.log(JSON.stringify(m.output), (n / ms * 1000).toFixed(0), 'patients/s', m.output.reduce((a, o) => a + o.count, 0) / n, 'res/patient');
