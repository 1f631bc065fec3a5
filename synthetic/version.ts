/**
 * Part of every manifest and of the cache key: bump it whenever the same profile, seed and patient
 * count would produce different bytes, so cached datasets are regenerated and old hashes stay
 * explainable.
 */
export const GENERATOR_NAME = 'eu-ai-sandbox/synthetic';
export const GENERATOR_VERSION = '2.0.0';
