// A Gateway's infrastructure.parametersRef: does the object it names exist?
//
// gateway_types.go, GatewayInfrastructure.ParametersRef: "ParametersRef is a reference to a
// resource that contains the configuration parameters corresponding to the Gateway. ... If the
// referent cannot be found, refers to an unsupported kind, or when the data within that resource
// is malformed, the Gateway SHOULD be rejected with the "Accepted" status condition set to "False"
// and an "InvalidParameters" reason." LocalParametersReference: group, kind and name, in the
// Gateway's namespace. Conformance GatewayInvalidParametersRef: Accepted False InvalidParameters.
//
// What the objects alone can decide: a kind of an API group the cluster does not serve cannot
// exist. Whether a served kind is one the implementation supports, and whether its content is
// well-formed, is the implementation's to say.
import type { Gateway } from '../model/objects.js';
import { CORE_GROUP } from './defaults.js';
import { absenceUnknown, type SpecLookups } from './lookups.js';

export interface ParametersVerdict {
  /** false: InvalidParameters; null: the snapshot cannot tell. */
  resolved: boolean | null;
  message: string;
}

/** The verdict on spec.infrastructure.parametersRef, or undefined when the Gateway sets none. */
export function evaluateParametersRef(gateway: Gateway, lookups: SpecLookups): ParametersVerdict | undefined {
  const ref = gateway.spec?.infrastructure?.parametersRef;
  if (!ref) return undefined;
  const ns = gateway.metadata.namespace ?? 'default';
  const gk = ref.group ? `${ref.kind}.${ref.group}` : ref.kind;
  const what = `infrastructure.parametersRef ${gk} ${ns}/${ref.name}`;
  if (ref.group !== CORE_GROUP && lookups.apiGroupServed(ref.group) === false) {
    return { resolved: false, message: `${what}: the cluster serves no API group ${ref.group}, so the object cannot exist` };
  }
  if (ref.group === CORE_GROUP && ref.kind === 'ConfigMap') {
    if (lookups.configMap(ns, ref.name)) return { resolved: true, message: `${what} exists` };
    const unknown = absenceUnknown(lookups.coverage.configmaps, 'configmaps');
    return unknown ? { resolved: null, message: `${what}: ${unknown}` } : { resolved: false, message: `${what} does not exist` };
  }
  return { resolved: null, message: `${what}: an implementation-specific kind, not checked` };
}
