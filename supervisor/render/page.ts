import { h, trusted, type Html } from '../html.ts';
import { STYLESHEET } from '../styles.ts';

/** A complete, self-contained HTML document: inline stylesheet, no script, no external asset. */
export function renderDocument(title: string, body: Html): string {
  return String(h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${trusted(STYLESHEET)}</style>
</head>
<body>
${body}
</body>
</html>
`);
}
