import { createHash } from 'node:crypto';

/**
 * The one stylesheet of the evidence report and the web UI, inlined in every page: a report must
 * open offline from a single file, and the UI's Content-Security-Policy admits this exact text by
 * its hash instead of allowing inline styles in general.
 */
export const STYLESHEET = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-soft: #f6f8fa; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; max-width: 72rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
p, ul { margin: .4rem 0 .8rem; }
a { color: #0969da; }
nav.top { display: flex; gap: 1rem; margin-bottom: 1rem; font-size: .95rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: var(--bg-soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.state { white-space: nowrap; overflow-wrap: normal; }
code, pre, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
.hash { word-break: break-all; }
pre { background: var(--bg-soft); border: 1px solid var(--line); padding: .75rem; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .4rem 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.muted { color: var(--muted); }
.ok { color: var(--ok); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.warn { color: var(--warn); font-weight: 600; }
tr.waived td { color: var(--muted); }
tr.failed td:first-child { border-left: 3px solid var(--bad); }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: .6rem; padding: 0 .45rem; font-size: .8rem; }
form.filter { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: .5rem 0 1rem; }
form.filter label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
nav.pager { display: flex; gap: 1rem; align-items: center; margin: .5rem 0 1rem; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }
@media print { nav.top, form.filter, nav.pager { display: none; } body { max-width: none; } }
`.trim();

/** For `style-src 'sha256-…'`: the base64 SHA-256 of the exact text between <style> and </style>. */
export const STYLESHEET_HASH = `sha256-${createHash('sha256').update(STYLESHEET).digest('base64')}`;
