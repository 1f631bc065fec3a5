import { h, type Html } from '../html.ts';
import { renderDocument } from '../render/page.ts';

/** The frame of every UI page: where you are, how to get back, and that reading is logged. */
export function uiPage(title: string, body: Html): string {
  return renderDocument(
    `${title} · sandbox supervisor`,
    h`<nav class="top"><a href="/">Tenants</a><a href="/verify">Ledger verification</a></nav>
${body}
<footer>Read-only view of the sandbox ledger, plans and build. Every page view is recorded in the ledger as a <code>ledger.accessed</code> event by <code>svc:supervisor-ui</code>.</footer>`,
  );
}

export function tenantPath(id: string, rest = ''): string {
  return `/tenants/${encodeURIComponent(id)}${rest}`;
}

export function errorPage(status: number, message: string): string {
  return uiPage(`${status}`, h`<h1>${status}</h1><p>${message}</p><p><a href="/">Back to the tenants</a></p>`);
}
