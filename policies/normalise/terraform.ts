import type { NormalisedResources, Resource } from '../model/resource.ts';
import { isObject, type Value, type ValueObject } from '../model/value.ts';
import { mapList, mapRecord } from './copy-on-write.ts';
import { tagsFromMap } from './tags.ts';
import { terraformString, type LocalLookup } from './terraform-expressions.ts';

/**
 * Terraform JSON (cdktf output or hand-written) into the resource model: resources
 * (`aws_s3_bucket.x`), data sources (`data.aws_iam_policy_document.p`), providers
 * (`provider.aws`, `provider.aws.replica`), the `terraform` settings block (backend, required
 * providers) and module calls (`module.x`). Provider `default_tags` are merged into each AWS
 * resource's tags, as the provider does at apply time.
 */

type Raw = Record<string, unknown>;
const isRaw = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Terraform JSON allows a block to be an object or a list of objects at every level. */
function eachObject(value: unknown): Raw[] {
  if (Array.isArray(value)) return value.filter(isRaw);
  return isRaw(value) ? [value] : [];
}

const NO_ITERATORS: ReadonlySet<string> = new Set();

/**
 * The value with `${…}` resolved; plain subtrees are shared, not copied. Inside a `dynamic`
 * block's body, its iterator (the block's label, or `iterator`) stands for each element of
 * `for_each`, which only Terraform knows.
 */
function resolve(raw: unknown, locals: LocalLookup, iterators: ReadonlySet<string> = NO_ITERATORS): Value {
  if (typeof raw === 'string') return terraformString(raw, locals, iterators);
  if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return mapList(raw, (item) => resolve(item, locals, iterators));
  if (!isRaw(raw)) return null;
  // cdktf's `//` key carries construct metadata, not configuration.
  return mapRecord(raw, (value, key) => (key === '//' ? undefined : key === 'dynamic' ? resolveDynamic(value, locals, iterators) : resolve(value, locals, iterators)));
}

/** `dynamic: { <label>: body | body[] }` (or a list of such maps). */
function resolveDynamic(raw: unknown, locals: LocalLookup, iterators: ReadonlySet<string>): Value {
  const labelled = (map: unknown): Value => {
    if (!isRaw(map)) return resolve(map, locals, iterators);
    return mapRecord(map, (bodies, label) => {
      const body = (b: unknown) => (isRaw(b) ? resolve(b, locals, new Set([...iterators, typeof b.iterator === 'string' ? b.iterator : label])) : resolve(b, locals, iterators));
      return Array.isArray(bodies) ? mapList(bodies, body) : body(bodies);
    });
  };
  return Array.isArray(raw) ? mapList(raw, labelled) : labelled(raw);
}

export function normaliseTerraform(file: string, config: Raw): NormalisedResources {
  const rawLocals: Raw = Object.assign({}, ...eachObject(config.locals));
  const localCache = new Map<string, Value | undefined>();
  const locals: LocalLookup = (name) => {
    if (!localCache.has(name)) {
      localCache.set(name, undefined); // a local referring to itself stays unresolved
      localCache.set(name, name in rawLocals ? resolve(rawLocals[name], locals) : undefined);
    }
    return localCache.get(name);
  };

  const resources: Resource[] = [];
  const push = (id: string, type: string, body: Raw, tags: Record<string, Value> = {}) => {
    const resolved = resolve(body, locals);
    resources.push({
      format: 'terraform',
      file,
      id,
      type,
      properties: isObject(resolved) ? resolved : {},
      tags,
      pathPrefix: '',
    });
  };

  const defaultTags = new Map<string, Record<string, Value>>();
  for (const providers of eachObject(config.provider)) {
    for (const [name, blocks] of Object.entries(providers)) {
      eachObject(blocks).forEach((block) => {
        const alias = typeof block.alias === 'string' ? block.alias : undefined;
        const key = alias ? `${name}.${alias}` : name;
        push(`provider.${key}`, `provider.${name}`, block);
        const tags: Record<string, Value> = {};
        for (const dt of eachObject(resolve(block.default_tags, locals) as unknown)) Object.assign(tags, tagsFromMap((dt as ValueObject).tags));
        defaultTags.set(key, tags);
      });
    }
  }
  for (const block of eachObject(config.terraform)) push('terraform', 'terraform', block);

  for (const [section, prefix] of [['resource', ''], ['data', 'data.']] as const) {
    for (const group of eachObject(config[section])) {
      for (const [type, instances] of Object.entries(group)) {
        for (const named of eachObject(instances)) {
          for (const [name, bodies] of Object.entries(named)) {
            for (const body of eachObject(bodies)) {
              const provider = typeof body.provider === 'string' ? body.provider.replace(/^\$\{(.*)\}$/, '$1') : type.split('_')[0]!;
              const inherited = section === 'resource' ? (defaultTags.get(provider) ?? {}) : {};
              const own = tagsFromMap(resolve(body.tags, locals));
              push(`${prefix}${type}.${name}`, type, body, { ...inherited, ...own });
            }
          }
        }
      }
    }
  }
  for (const group of eachObject(config.module)) {
    for (const [name, body] of Object.entries(group)) for (const b of eachObject(body)) push(`module.${name}`, 'module', b);
  }
  return { format: 'terraform', resources };
}
