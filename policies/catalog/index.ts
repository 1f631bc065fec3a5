import { rule as sbxData001 } from './sbx-data-001-storage-encrypted-with-tenant-key.ts';
import { fixtures as sbxData001Fixtures } from './sbx-data-001-storage-encrypted-with-tenant-key.fixtures.ts';
import { rule as sbxData002 } from './sbx-data-002-data-and-evidence-keys-kept-apart.ts';
import { fixtures as sbxData002Fixtures } from './sbx-data-002-data-and-evidence-keys-kept-apart.fixtures.ts';
import { rule as sbxData003 } from './sbx-data-003-bucket-requires-tls.ts';
import { fixtures as sbxData003Fixtures } from './sbx-data-003-bucket-requires-tls.fixtures.ts';
import { rule as sbxData004 } from './sbx-data-004-bucket-public-access-blocked.ts';
import { fixtures as sbxData004Fixtures } from './sbx-data-004-bucket-public-access-blocked.fixtures.ts';
import { rule as sbxData005 } from './sbx-data-005-bucket-not-granted-to-everyone.ts';
import { fixtures as sbxData005Fixtures } from './sbx-data-005-bucket-not-granted-to-everyone.fixtures.ts';
import { rule as sbxData006 } from './sbx-data-006-bucket-versioned.ts';
import { fixtures as sbxData006Fixtures } from './sbx-data-006-bucket-versioned.fixtures.ts';
import { rule as sbxData007 } from './sbx-data-007-data-store-reachable-only-through-tenant-endpoint.ts';
import { fixtures as sbxData007Fixtures } from './sbx-data-007-data-store-reachable-only-through-tenant-endpoint.fixtures.ts';
import { rule as sbxData008 } from './sbx-data-008-no-copies-outside-tenant.ts';
import { fixtures as sbxData008Fixtures } from './sbx-data-008-no-copies-outside-tenant.fixtures.ts';
import { rule as sbxIam001 } from './sbx-iam-001-no-wildcard-action-on-wildcard-resource.ts';
import { fixtures as sbxIam001Fixtures } from './sbx-iam-001-no-wildcard-action-on-wildcard-resource.fixtures.ts';
import { rule as sbxIam002 } from './sbx-iam-002-no-wildcard-principal.ts';
import { fixtures as sbxIam002Fixtures } from './sbx-iam-002-no-wildcard-principal.fixtures.ts';
import { rule as sbxIam003 } from './sbx-iam-003-person-roles-require-mfa.ts';
import { fixtures as sbxIam003Fixtures } from './sbx-iam-003-person-roles-require-mfa.fixtures.ts';
import { rule as sbxK8s001 } from './sbx-k8s-001-namespace-enforces-restricted-pod-security.ts';
import { fixtures as sbxK8s001Fixtures } from './sbx-k8s-001-namespace-enforces-restricted-pod-security.fixtures.ts';
import { rule as sbxK8s002 } from './sbx-k8s-002-namespace-denies-traffic-by-default.ts';
import { fixtures as sbxK8s002Fixtures } from './sbx-k8s-002-namespace-denies-traffic-by-default.fixtures.ts';
import { rule as sbxK8s003 } from './sbx-k8s-003-no-traffic-to-or-from-the-internet.ts';
import { fixtures as sbxK8s003Fixtures } from './sbx-k8s-003-no-traffic-to-or-from-the-internet.fixtures.ts';
import { rule as sbxK8s004 } from './sbx-k8s-004-no-cluster-wide-role-bindings.ts';
import { fixtures as sbxK8s004Fixtures } from './sbx-k8s-004-no-cluster-wide-role-bindings.fixtures.ts';
import { rule as sbxK8s005 } from './sbx-k8s-005-namespace-has-quota-and-limits.ts';
import { fixtures as sbxK8s005Fixtures } from './sbx-k8s-005-namespace-has-quota-and-limits.fixtures.ts';
import { rule as sbxK8s006 } from './sbx-k8s-006-namespace-bound-to-workload-admission-policy.ts';
import { fixtures as sbxK8s006Fixtures } from './sbx-k8s-006-namespace-bound-to-workload-admission-policy.fixtures.ts';
import { rule as sbxK8s010 } from './sbx-k8s-010-images-pinned-by-digest.ts';
import { fixtures as sbxK8s010Fixtures } from './sbx-k8s-010-images-pinned-by-digest.fixtures.ts';
import { rule as sbxK8s011 } from './sbx-k8s-011-runs-as-non-root.ts';
import { fixtures as sbxK8s011Fixtures } from './sbx-k8s-011-runs-as-non-root.fixtures.ts';
import { rule as sbxK8s012 } from './sbx-k8s-012-no-privilege-escalation.ts';
import { fixtures as sbxK8s012Fixtures } from './sbx-k8s-012-no-privilege-escalation.fixtures.ts';
import { rule as sbxK8s013 } from './sbx-k8s-013-capabilities-dropped.ts';
import { fixtures as sbxK8s013Fixtures } from './sbx-k8s-013-capabilities-dropped.fixtures.ts';
import { rule as sbxK8s014 } from './sbx-k8s-014-seccomp-confined.ts';
import { fixtures as sbxK8s014Fixtures } from './sbx-k8s-014-seccomp-confined.fixtures.ts';
import { rule as sbxK8s015 } from './sbx-k8s-015-resource-limits-set.ts';
import { fixtures as sbxK8s015Fixtures } from './sbx-k8s-015-resource-limits-set.fixtures.ts';
import { rule as sbxK8s016 } from './sbx-k8s-016-no-host-path-volumes.ts';
import { fixtures as sbxK8s016Fixtures } from './sbx-k8s-016-no-host-path-volumes.fixtures.ts';
import { rule as sbxK8s017 } from './sbx-k8s-017-no-host-namespaces.ts';
import { fixtures as sbxK8s017Fixtures } from './sbx-k8s-017-no-host-namespaces.fixtures.ts';
import { rule as sbxK8s018 } from './sbx-k8s-018-not-privileged.ts';
import { fixtures as sbxK8s018Fixtures } from './sbx-k8s-018-not-privileged.fixtures.ts';
import { rule as sbxK8s019 } from './sbx-k8s-019-images-from-allowed-registry.ts';
import { fixtures as sbxK8s019Fixtures } from './sbx-k8s-019-images-from-allowed-registry.fixtures.ts';
import { rule as sbxK8s020 } from './sbx-k8s-020-no-service-account-token.ts';
import { fixtures as sbxK8s020Fixtures } from './sbx-k8s-020-no-service-account-token.fixtures.ts';
import { rule as sbxKms001 } from './sbx-kms-001-key-rotation-enabled.ts';
import { fixtures as sbxKms001Fixtures } from './sbx-kms-001-key-rotation-enabled.fixtures.ts';
import { rule as sbxLog001 } from './sbx-log-001-log-store-locked-for-class-retention.ts';
import { fixtures as sbxLog001Fixtures } from './sbx-log-001-log-store-locked-for-class-retention.fixtures.ts';
import { rule as sbxLog002 } from './sbx-log-002-log-group-retention-at-least-six-months.ts';
import { fixtures as sbxLog002Fixtures } from './sbx-log-002-log-group-retention-at-least-six-months.fixtures.ts';
import { rule as sbxLog003 } from './sbx-log-003-trail-validates-log-files.ts';
import { fixtures as sbxLog003Fixtures } from './sbx-log-003-trail-validates-log-files.fixtures.ts';
import { rule as sbxLog004 } from './sbx-log-004-trail-records-data-store-access.ts';
import { fixtures as sbxLog004Fixtures } from './sbx-log-004-trail-records-data-store-access.fixtures.ts';
import { rule as sbxNet001 } from './sbx-net-001-no-internet-or-nat-gateway.ts';
import { fixtures as sbxNet001Fixtures } from './sbx-net-001-no-internet-or-nat-gateway.fixtures.ts';
import { rule as sbxNet002 } from './sbx-net-002-no-public-subnet-or-address.ts';
import { fixtures as sbxNet002Fixtures } from './sbx-net-002-no-public-subnet-or-address.fixtures.ts';
import { rule as sbxNet003 } from './sbx-net-003-security-group-not-open-to-world.ts';
import { fixtures as sbxNet003Fixtures } from './sbx-net-003-security-group-not-open-to-world.fixtures.ts';
import { rule as sbxRes001 } from './sbx-res-001-eu-regions-only.ts';
import { fixtures as sbxRes001Fixtures } from './sbx-res-001-eu-regions-only.fixtures.ts';
import { rule as sbxTag001 } from './sbx-tag-001-required-tags.ts';
import { fixtures as sbxTag001Fixtures } from './sbx-tag-001-required-tags.fixtures.ts';
import { rule as sbxTag002 } from './sbx-tag-002-store-tags-agree-with-the-store.ts';
import { fixtures as sbxTag002Fixtures } from './sbx-tag-002-store-tags-agree-with-the-store.fixtures.ts';
import { validateCatalog, type CatalogEntry } from './validate-catalog.ts';

/**
 * The guardrail catalog: one file per guardrail beside its fixtures, composed here and validated
 * when this module loads (ids, references, fixtures), so a broken entry stops every check and
 * every synth rather than silently checking less.
 */
const ENTRIES: readonly CatalogEntry[] = [
  { rule: sbxData001, fixtures: sbxData001Fixtures },
  { rule: sbxData002, fixtures: sbxData002Fixtures },
  { rule: sbxData003, fixtures: sbxData003Fixtures },
  { rule: sbxData004, fixtures: sbxData004Fixtures },
  { rule: sbxData005, fixtures: sbxData005Fixtures },
  { rule: sbxData006, fixtures: sbxData006Fixtures },
  { rule: sbxData007, fixtures: sbxData007Fixtures },
  { rule: sbxData008, fixtures: sbxData008Fixtures },
  { rule: sbxIam001, fixtures: sbxIam001Fixtures },
  { rule: sbxIam002, fixtures: sbxIam002Fixtures },
  { rule: sbxIam003, fixtures: sbxIam003Fixtures },
  { rule: sbxK8s001, fixtures: sbxK8s001Fixtures },
  { rule: sbxK8s002, fixtures: sbxK8s002Fixtures },
  { rule: sbxK8s003, fixtures: sbxK8s003Fixtures },
  { rule: sbxK8s004, fixtures: sbxK8s004Fixtures },
  { rule: sbxK8s005, fixtures: sbxK8s005Fixtures },
  { rule: sbxK8s006, fixtures: sbxK8s006Fixtures },
  { rule: sbxK8s010, fixtures: sbxK8s010Fixtures },
  { rule: sbxK8s011, fixtures: sbxK8s011Fixtures },
  { rule: sbxK8s012, fixtures: sbxK8s012Fixtures },
  { rule: sbxK8s013, fixtures: sbxK8s013Fixtures },
  { rule: sbxK8s014, fixtures: sbxK8s014Fixtures },
  { rule: sbxK8s015, fixtures: sbxK8s015Fixtures },
  { rule: sbxK8s016, fixtures: sbxK8s016Fixtures },
  { rule: sbxK8s017, fixtures: sbxK8s017Fixtures },
  { rule: sbxK8s018, fixtures: sbxK8s018Fixtures },
  { rule: sbxK8s019, fixtures: sbxK8s019Fixtures },
  { rule: sbxK8s020, fixtures: sbxK8s020Fixtures },
  { rule: sbxKms001, fixtures: sbxKms001Fixtures },
  { rule: sbxLog001, fixtures: sbxLog001Fixtures },
  { rule: sbxLog002, fixtures: sbxLog002Fixtures },
  { rule: sbxLog003, fixtures: sbxLog003Fixtures },
  { rule: sbxLog004, fixtures: sbxLog004Fixtures },
  { rule: sbxNet001, fixtures: sbxNet001Fixtures },
  { rule: sbxNet002, fixtures: sbxNet002Fixtures },
  { rule: sbxNet003, fixtures: sbxNet003Fixtures },
  { rule: sbxRes001, fixtures: sbxRes001Fixtures },
  { rule: sbxTag001, fixtures: sbxTag001Fixtures },
  { rule: sbxTag002, fixtures: sbxTag002Fixtures },
];

export const CATALOG: readonly CatalogEntry[] = validateCatalog(ENTRIES);
export const RULES = CATALOG.map((e) => e.rule);
export type { CatalogEntry } from './validate-catalog.ts';
