import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * Which files may be asked for at the airlock (AI Act Art. 59(1)(e), EHDS Art. 73(2)): only files
 * a recorded run wrote into its own output directory. A path is taken apart before it touches the
 * file system (no absolute paths, no `..`), and after resolving links it must still lie inside
 * that directory: a link to the datasets or to another tenant stays in the sandbox.
 */

export type PathCheck = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly message: string };

/** The request path as typed, normalised to POSIX form relative to the run's output directory. */
export function checkRequestedPath(raw: string): PathCheck {
  if (raw.length === 0) return { ok: false, message: 'an empty path' };
  if (raw.includes('\0')) return { ok: false, message: `"${raw}" contains a NUL character` };
  if (path.posix.isAbsolute(raw) || path.win32.isAbsolute(raw)) {
    return { ok: false, message: `"${raw}" is absolute; give a path relative to the run's output directory` };
  }
  const segments = raw.split(/[\\/]+/);
  if (segments.includes('..')) return { ok: false, message: `"${raw}" climbs out with ".."; only files inside the run's output directory can be requested` };
  const normal = segments.filter((s) => s !== '' && s !== '.').join('/');
  if (normal === '') return { ok: false, message: `"${raw}" names the output directory itself, not a file` };
  if (normal.length > 250) return { ok: false, message: `"${raw}" is longer than 250 characters` };
  return { ok: true, path: normal };
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export type ResolvedFile =
  | { readonly ok: true; readonly file: string; /** POSIX path of the real file relative to the output directory. */ readonly path: string }
  | { readonly ok: false; readonly message: string };

/** Resolves a checked path inside `outputDir`, following links only as far as they stay inside. */
export async function resolveOutputFile(outputDir: string, relative: string): Promise<ResolvedFile> {
  let realOutput: string;
  try {
    realOutput = await realpath(outputDir);
  } catch {
    return { ok: false, message: `the run's output directory ${outputDir} does not exist` };
  }
  const candidate = path.join(outputDir, relative);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: `"${relative}" ${code === 'ENOENT' ? 'does not exist in the run\'s output directory (or is a broken link)' : `cannot be read (${code})`}` };
  }
  if (!isInside(real, realOutput)) {
    const link = (await lstat(candidate)).isSymbolicLink() ? 'is a symbolic link' : 'resolves through a symbolic link';
    return { ok: false, message: `"${relative}" ${link} to outside the run's output directory; only files the run wrote can leave` };
  }
  if (!(await lstat(real)).isFile()) return { ok: false, message: `"${relative}" is not a regular file` };
  return { ok: true, file: real, path: path.relative(realOutput, real).split(path.sep).join('/') };
}
