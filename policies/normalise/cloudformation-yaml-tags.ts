import type { CollectionTag, ScalarTag, YAMLMap, YAMLSeq } from 'yaml';

/**
 * CloudFormation's short-form intrinsics (`!Ref`, `!Sub`, `!GetAtt`…) as `yaml` custom tags that
 * turn each into its long JSON form, so one normaliser reads YAML and JSON templates alike.
 */
const INTRINSICS = [
  'Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub',
  'Transform', 'If', 'Equals', 'And', 'Or', 'Not', 'Length', 'ToJsonString',
] as const;

const longName = (name: string): string => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

function scalarTag(name: string): ScalarTag {
  return {
    tag: `!${name}`,
    // `!GetAtt Bucket.Arn` is the only short form whose scalar means a list.
    resolve: (text: string) => ({ [longName(name)]: name === 'GetAtt' ? splitGetAtt(text) : text }),
  };
}

function splitGetAtt(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

function collectionTag(name: string, collection: 'seq' | 'map'): CollectionTag {
  return {
    tag: `!${name}`,
    collection,
    resolve: (node: YAMLSeq | YAMLMap) => ({ [longName(name)]: node.toJSON() }) as never,
  } as CollectionTag;
}

export const CLOUDFORMATION_YAML_TAGS: readonly (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((name) => [
  scalarTag(name),
  collectionTag(name, 'seq'),
  collectionTag(name, 'map'),
]);
