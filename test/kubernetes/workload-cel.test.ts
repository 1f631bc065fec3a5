import { describe, expect, it } from 'vitest';
import { evaluateWorkloadRules } from '../../policies/workload-cel/evaluate.ts';
import { WORKLOAD_CEL_RULES, celStringList, workloadAdmissionCel, workloadCelVariables } from '../../policies/workload-cel/index.ts';
import {
  DIGEST,
  PINNED_IMAGE,
  REGISTRY,
  WORKLOAD_KINDS,
  compliantContainer,
  compliantEphemeralContainer,
  compliantPodSpec,
  type Json,
} from './workload-fixtures.ts';

const REGISTRIES = [REGISTRY, 'mirror.sandbox.example.eu:5000/approved'];

function deniedRules(object: unknown, registries: readonly string[] = REGISTRIES): string[] {
  return evaluateWorkloadRules(object, registries)
    .filter((r) => !r.allowed)
    .map((r) => r.rule.id);
}

interface Case {
  readonly name: string;
  /** The rules that must deny; undefined for a variation every rule must allow. */
  readonly denies?: string | readonly string[];
  readonly mutate: (spec: Json) => void;
}

const container = (spec: Json, i = 0): Json => spec.containers[i];
const init = (spec: Json): Json => spec.initContainers[0];
const addEphemeral = (spec: Json, change: (c: Json) => void = () => {}) => {
  const c = compliantEphemeralContainer();
  change(c);
  spec.ephemeralContainers = [c];
};

const CASES: readonly Case[] = [
  // SBX-K8S-010: pinned by digest
  { name: 'image by tag', denies: 'SBX-K8S-010', mutate: (s) => (container(s).image = `${REGISTRY}/team/model:1.0`) },
  { name: 'image by tag and short digest', denies: 'SBX-K8S-010', mutate: (s) => (container(s).image = `${REGISTRY}/team/model@sha256:abc123`) },
  { name: 'digest in upper case', denies: 'SBX-K8S-010', mutate: (s) => (container(s).image = `${REGISTRY}/team/model@${DIGEST.toUpperCase()}`) },
  { name: 'image missing', denies: ['SBX-K8S-010', 'SBX-K8S-019'], mutate: (s) => delete container(s).image },
  { name: 'ephemeral container by tag from Docker Hub', denies: ['SBX-K8S-010', 'SBX-K8S-019'], mutate: (s) => addEphemeral(s, (c) => (c.image = 'busybox:latest')) },
  // SBX-K8S-019: from an allowed registry
  { name: 'registry not allowed', denies: 'SBX-K8S-019', mutate: (s) => (container(s).image = `docker.io/library/python@${DIGEST}`) },
  { name: 'allowed registry as a prefix of another host', denies: 'SBX-K8S-019', mutate: (s) => (container(s).image = `${REGISTRY}.evil.example/team/model@${DIGEST}`) },
  { name: 'no registry at all', denies: 'SBX-K8S-019', mutate: (s) => (container(s).image = `python@${DIGEST}`) },
  { name: 'init container from another registry', denies: 'SBX-K8S-019', mutate: (s) => (init(s).image = `quay.io/x/y@${DIGEST}`) },
  { name: 'second allowed registry with port and path', mutate: (s) => (container(s, 1).image = `mirror.sandbox.example.eu:5000/approved/tool@${DIGEST}`) },
  { name: 'tag and digest together', mutate: (s) => (container(s).image = `${REGISTRY}/team/model:1.0@${DIGEST}`) },
  // SBX-K8S-011
  {
    name: 'runAsNonRoot nowhere',
    denies: 'SBX-K8S-011',
    mutate: (s) => {
      delete s.securityContext.runAsNonRoot;
      for (const c of [...s.containers, ...s.initContainers]) delete c.securityContext.runAsNonRoot;
    },
  },
  { name: 'container overrides runAsNonRoot to false', denies: 'SBX-K8S-011', mutate: (s) => (container(s).securityContext.runAsNonRoot = false) },
  { name: 'container asks for uid 0', denies: 'SBX-K8S-011', mutate: (s) => (container(s).securityContext.runAsUser = 0) },
  { name: 'pod asks for uid 0', denies: 'SBX-K8S-011', mutate: (s) => (s.securityContext.runAsUser = 0) },
  {
    name: 'pod-level runAsNonRoot only, inherited by every container',
    mutate: (s) => {
      for (const c of [...s.containers, ...s.initContainers]) delete c.securityContext.runAsNonRoot;
    },
  },
  { name: 'container-level runAsNonRoot only', mutate: (s) => delete s.securityContext.runAsNonRoot },
  // SBX-K8S-012
  { name: 'allowPrivilegeEscalation unset', denies: 'SBX-K8S-012', mutate: (s) => delete container(s).securityContext.allowPrivilegeEscalation },
  { name: 'allowPrivilegeEscalation true in init container', denies: 'SBX-K8S-012', mutate: (s) => (init(s).securityContext.allowPrivilegeEscalation = true) },
  { name: 'ephemeral container may escalate', denies: 'SBX-K8S-012', mutate: (s) => addEphemeral(s, (c) => delete c.securityContext.allowPrivilegeEscalation) },
  // SBX-K8S-013
  { name: 'capabilities not dropped', denies: 'SBX-K8S-013', mutate: (s) => delete container(s).securityContext.capabilities },
  { name: 'only NET_RAW dropped', denies: 'SBX-K8S-013', mutate: (s) => (container(s).securityContext.capabilities.drop = ['NET_RAW']) },
  { name: 'SYS_ADMIN added back', denies: 'SBX-K8S-013', mutate: (s) => (container(s).securityContext.capabilities.add = ['SYS_ADMIN']) },
  // Stricter than restricted Pod Security, which lets NET_BIND_SERVICE back in.
  { name: 'NET_BIND_SERVICE added back', denies: 'SBX-K8S-013', mutate: (s) => (container(s).securityContext.capabilities.add = ['NET_BIND_SERVICE']) },
  { name: 'ephemeral container adds a capability', denies: 'SBX-K8S-013', mutate: (s) => addEphemeral(s, (c) => (c.securityContext.capabilities.add = ['NET_RAW'])) },
  { name: 'an empty add list', mutate: (s) => (container(s).securityContext.capabilities.add = []) },
  // SBX-K8S-014
  {
    name: 'no seccomp profile anywhere',
    denies: 'SBX-K8S-014',
    mutate: (s) => {
      delete s.securityContext.seccompProfile;
      for (const c of [...s.containers, ...s.initContainers]) delete c.securityContext.seccompProfile;
    },
  },
  { name: 'container overrides seccomp to Unconfined', denies: 'SBX-K8S-014', mutate: (s) => (container(s).securityContext.seccompProfile = { type: 'Unconfined' }) },
  { name: 'pod Unconfined, inherited by a container', denies: 'SBX-K8S-014', mutate: (s) => {
    s.securityContext.seccompProfile = { type: 'Unconfined' };
    delete init(s).securityContext.seccompProfile;
  } },
  // Stricter than restricted Pod Security, which admits Localhost profiles.
  {
    name: 'Localhost profile on the containers only',
    denies: 'SBX-K8S-014',
    mutate: (s) => {
      delete s.securityContext.seccompProfile;
      for (const c of [...s.containers, ...s.initContainers]) c.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/model.json' };
    },
  },
  { name: 'Localhost profile on the pod, inherited', denies: 'SBX-K8S-014', mutate: (s) => {
    s.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/model.json' };
    for (const c of [...s.containers, ...s.initContainers]) delete c.securityContext.seccompProfile;
  } },
  { name: 'RuntimeDefault on the containers only', mutate: (s) => delete s.securityContext.seccompProfile },
  // SBX-K8S-015
  { name: 'no limits', denies: 'SBX-K8S-015', mutate: (s) => delete container(s).resources },
  { name: 'memory limit missing', denies: 'SBX-K8S-015', mutate: (s) => (container(s).resources = { limits: { cpu: '1' }, requests: { memory: '1Gi' } }) },
  { name: 'init container without limits', denies: 'SBX-K8S-015', mutate: (s) => (init(s).resources = { requests: { cpu: '1', memory: '1Gi' } }) },
  { name: 'ephemeral container without resources', mutate: (s) => addEphemeral(s) },
  // SBX-K8S-016
  { name: 'hostPath volume', denies: 'SBX-K8S-016', mutate: (s) => s.volumes.push({ name: 'host', hostPath: { path: '/var/lib' } }) },
  { name: 'no volumes at all', mutate: (s) => delete s.volumes },
  // SBX-K8S-017
  { name: 'hostNetwork', denies: 'SBX-K8S-017', mutate: (s) => (s.hostNetwork = true) },
  { name: 'hostPID', denies: 'SBX-K8S-017', mutate: (s) => (s.hostPID = true) },
  { name: 'hostIPC', denies: 'SBX-K8S-017', mutate: (s) => (s.hostIPC = true) },
  { name: 'host namespaces explicitly off', mutate: (s) => Object.assign(s, { hostNetwork: false, hostPID: false, hostIPC: false }) },
  // SBX-K8S-018
  { name: 'privileged container', denies: 'SBX-K8S-018', mutate: (s) => (container(s, 1).securityContext.privileged = true) },
  { name: 'privileged ephemeral container', denies: 'SBX-K8S-018', mutate: (s) => addEphemeral(s, (c) => (c.securityContext.privileged = true)) },
  { name: 'privileged explicitly false', mutate: (s) => (container(s).securityContext.privileged = false) },
  // SBX-K8S-020: no service account token
  { name: 'default service account, automount unset', denies: 'SBX-K8S-020', mutate: (s) => delete s.automountServiceAccountToken },
  { name: 'another service account, automount unset', denies: 'SBX-K8S-020', mutate: (s) => {
    delete s.automountServiceAccountToken;
    s.serviceAccountName = 'builder';
  } },
  { name: 'workload service account, automount unset', mutate: (s) => {
    delete s.automountServiceAccountToken;
    s.serviceAccountName = 'workload';
  } },
  { name: 'workload service account with automount switched on', denies: 'SBX-K8S-020', mutate: (s) => {
    s.serviceAccountName = 'workload';
    s.automountServiceAccountToken = true;
  } },
  { name: 'automount off, but a projected token volume', denies: 'SBX-K8S-020', mutate: (s) => s.volumes.push({
    name: 'token',
    projected: { sources: [{ configMap: { name: 'kube-root-ca.crt' } }, { serviceAccountToken: { path: 'token', audience: 'vault' } }] },
  }) },
  { name: 'a projected volume without a token', mutate: (s) => s.volumes.push({ name: 'ca', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt' } }] } }) },
];

describe('workload CEL rules (evaluated with @bufbuild/cel as in the API server)', () => {
  it('has the catalog ids, in order, each with a title and a message', () => {
    expect(WORKLOAD_CEL_RULES.map((r) => r.id)).toEqual([
      'SBX-K8S-010',
      'SBX-K8S-011',
      'SBX-K8S-012',
      'SBX-K8S-013',
      'SBX-K8S-014',
      'SBX-K8S-015',
      'SBX-K8S-016',
      'SBX-K8S-017',
      'SBX-K8S-018',
      'SBX-K8S-019',
      'SBX-K8S-020',
    ]);
    for (const rule of WORKLOAD_CEL_RULES) {
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.message.length).toBeGreaterThan(10);
    }
  });

  for (const [kind, wrap] of Object.entries(WORKLOAD_KINDS)) {
    describe(kind, () => {
      it('allows a compliant workload under every rule', () => {
        const results = evaluateWorkloadRules(wrap(compliantPodSpec()), REGISTRIES);
        expect(results.filter((r) => r.error)).toEqual([]);
        expect(deniedRules(wrap(compliantPodSpec()))).toEqual([]);
      });

      for (const c of CASES) {
        it(c.denies ? `${c.denies} denies: ${c.name}` : `every rule allows: ${c.name}`, () => {
          const spec = compliantPodSpec();
          c.mutate(spec);
          expect(deniedRules(wrap(spec))).toEqual(c.denies === undefined ? [] : [c.denies].flat());
        });
      }
    });
  }

  it('denies what it cannot read: a Job without a pod template fails every rule that looks at the pod', () => {
    const results = evaluateWorkloadRules({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x' }, spec: {} }, REGISTRIES);
    expect(results.every((r) => !r.allowed && r.error !== undefined)).toBe(true);
  });

  it('takes the allowed registries from the tenant as a list literal', () => {
    const pod = WORKLOAD_KINDS.Pod!(compliantPodSpec());
    expect(deniedRules(pod, [REGISTRY])).toEqual([]);
    expect(deniedRules(pod, ['other.example.eu'])).toEqual(['SBX-K8S-019']);
    expect(deniedRules(pod, [])).toEqual(['SBX-K8S-019']);
    expect(workloadCelVariables([REGISTRY]).find((v) => v.name === 'allowedRegistries')?.expression).toBe(`['${REGISTRY}']`);
  });

  it('quotes registry names so a quote cannot end the CEL literal early', () => {
    expect(celStringList(["a'b", 'c\\d'])).toBe("['a\\'b', 'c\\\\d']");
  });

  it('gives the policy its variables and one validation per rule, each message naming the rule', () => {
    const cel = workloadAdmissionCel({ allowedRegistries: [REGISTRY] });
    expect(cel.variables.map((v) => v.name)).toEqual(['podSpec', 'podSecurityContext', 'allContainers', 'containersWithResources', 'allowedRegistries']);
    expect(cel.validations.map((v) => v.expression)).toEqual(WORKLOAD_CEL_RULES.map((r) => r.expression));
    expect(cel.validations.map((v) => v.message.split(':')[0])).toEqual(WORKLOAD_CEL_RULES.map((r) => r.id));
  });

  it('keeps the pinned image fixture itself valid', () => {
    expect(PINNED_IMAGE).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(compliantContainer('x').image).toBe(PINNED_IMAGE);
  });
});
