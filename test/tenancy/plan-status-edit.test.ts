import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validatePlanFile } from '../../tenancy/index.ts';
import { TENANTS_DIR } from '../../tenancy/paths.ts';
import { setPlanStatus } from '../../tenancy/plan-status-edit.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sandbox-status-edit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function planFile(text: string, name = `plan-${++files}`): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** Sets the status in a copy of `text` and returns what the file then holds. */
function edited(text: string, status: 'active' | 'suspended' | 'exited'): { previous: string; text: string } {
  const file = planFile(text);
  const previous = setPlanStatus(file, status);
  return { previous, text: readFileSync(file, 'utf8') };
}

const example = readFileSync(path.join(TENANTS_DIR, 'discharge-summary.yaml'), 'utf8');
const STATUS_LINE = /^ {2}status: active\n/m;

describe('setPlanStatus', () => {
  it('changes only the value of an existing status line', () => {
    const result = edited(example, 'suspended');
    expect(result.previous).toBe('active');
    expect(result.text).toBe(example.replace(STATUS_LINE, '  status: suspended\n'));
  });

  it('adds the line to a plan without one and leaves every other byte, comment alignment included', () => {
    expect(example).toMatch(STATUS_LINE);
    expect(example).toMatch(/riskClass: limited {2,}# AI Act/);
    const withoutStatus = example.replace(STATUS_LINE, '');
    const file = planFile(withoutStatus, 'discharge-summary');
    expect(setPlanStatus(file, 'suspended')).toBe('active');
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(example.replace(STATUS_LINE, '  status: suspended\n'));
    const loaded = validatePlanFile(file);
    expect(loaded.ok && loaded.plan.tenant.status).toBe('suspended');
  });

  it('leaves a plan without a status line untouched when the status stays active', () => {
    const withoutStatus = example.replace(STATUS_LINE, '');
    const file = planFile(withoutStatus);
    expect(setPlanStatus(file, 'active')).toBe('active');
    expect(readFileSync(file, 'utf8')).toBe(withoutStatus);
  });

  it('places the new line after the whole last entry of spec, wherever spec sits and however it ends', () => {
    const cases: { before: string; after: string }[] = [
      {
        // a nested block ending in a comment, spec followed by other keys and comments
        before: 'spec:\n  a: 1      # aligned\n  b:\n    - x\n    - y    # last item\n# about other\nother: 2\n',
        after: 'spec:\n  a: 1      # aligned\n  b:\n    - x\n    - y    # last item\n  status: exited\n# about other\nother: 2\n',
      },
      {
        // a block scalar takes its line breaks with it
        before: 'spec:\n    a: 1\n    note: |\n      kept\n      as is\n\nother: 2\n',
        after: 'spec:\n    a: 1\n    note: |\n      kept\n      as is\n    status: exited\n\nother: 2\n',
      },
      { before: 'spec:\r\n  a: 1   # c\r\nother: 2\r\n', after: 'spec:\r\n  a: 1   # c\r\n  status: exited\r\nother: 2\r\n' },
      { before: 'spec:\n  a: 1\n  p: { x: 1 }', after: 'spec:\n  a: 1\n  p: { x: 1 }\n  status: exited' },
      { before: 'spec: { a: 1, b: 2 }  # flow\n', after: 'spec: { a: 1, b: 2, status: exited }  # flow\n' },
    ];
    for (const { before, after } of cases) expect(edited(before, 'exited').text).toBe(after);
  });

  it('refuses a file with YAML errors, naming it, and leaves it as it was', () => {
    const broken = 'spec:\n  a: [1\n';
    const file = planFile(broken);
    expect(() => setPlanStatus(file, 'suspended')).toThrow(`${file}: cannot edit a plan with YAML errors`);
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });
});
