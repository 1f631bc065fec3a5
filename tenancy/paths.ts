import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * Where the project lives, independent of the caller's working directory: a plan under review may
 * sit anywhere on disk, but profiles and dataset profiles always resolve from this project.
 */
export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
export const TEMPLATES_DIR = path.join(PROJECT_ROOT, 'sandbox-templates');
export const PROFILES_DIR = path.join(TEMPLATES_DIR, 'profiles');
export const DATASET_PROFILES_DIR = path.join(TEMPLATES_DIR, 'datasets');
export const TENANTS_DIR = path.join(TEMPLATES_DIR, 'tenants');
export const WAIVERS_FILE = path.join(TEMPLATES_DIR, 'waivers.yaml');
export const DEFAULT_BUILD_DIR = path.join(PROJECT_ROOT, 'build');
