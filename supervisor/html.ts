import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * HTML built only through hono's tagged template, which escapes every interpolated string: plan
 * text, finding messages and event details are user input, and nothing reaches a page unescaped.
 * Everything here is synchronous (no promises are ever interpolated), so a fragment is a string.
 */
export type Html = HtmlEscapedString;

export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = html(strings, ...values);
  if (out instanceof Promise) throw new TypeError('h: an asynchronous value was interpolated into HTML');
  return out;
}

/** Markup that is already safe (built with h, or a constant of this module's own making). */
export function trusted(markup: string): Html {
  return raw(markup);
}

export function join(parts: readonly Html[], separator: Html = trusted('')): Html {
  return trusted(parts.map(String).join(String(separator)));
}

export function toText(fragment: Html): string {
  return String(fragment);
}
