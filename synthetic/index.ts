/**
 * The synthetic-data room's door. `sandbox data generate`, `sandbox up` and the Kubernetes Indexed
 * Job (one shard per completion) use only what is exported here.
 */
export { generateDataset, type GenerateOptions } from './generate.ts';
export { combineShards } from './combine-shards.ts';
export { isDatasetCurrent, manifestSha256, readManifest, MANIFEST_FILE, type DatasetManifest, type DatasetRequest, type ManifestOutput } from './manifest.ts';
export { listDatasetProfiles, loadDatasetProfile, loadDatasetProfileFile, type DatasetProfile } from './profile-loader.ts';
export { parseShard, shardRange, type Shard } from './shard.ts';
export { SyntheticDataError } from './errors.ts';
export { GENERATOR_NAME, GENERATOR_VERSION } from './version.ts';
export { HTEST } from './fhir-resources.ts';
export { PSEUDONYM_SYSTEM, passesElevenTest } from './pseudonym.ts';
export type { Datasheet } from './datasheet.ts';
