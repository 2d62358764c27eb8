// GatewayClass: does it exist, does a controller claim it, and what did that controller say.
//
// gatewayclass_types.go, GatewayClassSpec.ControllerName: "ControllerName is the name of the
// controller that is managing Gateways of this class." GatewayClassConditionStatusAccepted:
// "This condition indicates whether the GatewayClass has been accepted by the controller
// requested in the `spec.controller` field. This condition defaults to Unknown, and MUST be set by
// a controller when it sees a GatewayClass using its controller string." GatewayClassReasonPending:
// "This reason is used with the "Accepted" condition when the requested controller has not yet
// made a decision about whether to admit the GatewayClass. It is the default Reason on a new
// GatewayClass."
// So a class whose status is empty, or holds only the CRD's default Accepted=Unknown/Pending, has
// not been seen by any running controller claiming its controllerName. Whether the class is
// acceptable (parameters, supported version) is the controller's call: its Accepted reasons are
// passed through as they are.
import type { ComputedCondition } from '../model/graph.js';
import type { GatewayClass } from '../model/objects.js';
import type { Coverage } from '../model/snapshot.js';
import { condition, findCondition } from './conditions.js';
import { absenceUnknown } from './lookups.js';

export interface GatewayClassVerdict {
  exists: boolean;
  controllerName: string;
  computed: ComputedCondition[];
  /**
   * Will a controller program Gateways of this class? False when the class is missing, unclaimed
   * or rejected; true when the snapshot cannot tell (the class is not readable or not in files).
   */
  claimed: boolean;
  /** Plain words for the Gateways of this class when `claimed` is false. */
  message: string;
  /** Set when the class could not be read from the cluster: whether a controller claims its
   *  Gateways is then unknown, and this says why. */
  undecided?: string;
}

/** Whether a class's computed conditions say no controller claims it (see evaluateGatewayClass). */
export function classUnclaimed(computed: readonly ComputedCondition[]): boolean {
  const accepted = findCondition(computed, 'Accepted');
  return accepted?.status === 'Unknown' && accepted.reason === 'Pending';
}

export function evaluateGatewayClass(name: string, cls: GatewayClass | undefined, coverage: Coverage): GatewayClassVerdict {
  if (!cls) {
    const unknown = absenceUnknown(coverage, 'gatewayclasses', { name });
    if (unknown) {
      return {
        exists: false,
        controllerName: '',
        claimed: true,
        message: '',
        computed: [condition('Accepted', 'Unknown', 'Unknown', `GatewayClass ${name}: ${unknown}`)],
        ...(unknown === 'not in the given files' ? {} : { undecided: `GatewayClass ${name}: ${unknown}` }),
      };
    }
    const message = `GatewayClass ${name} does not exist: no controller will program this Gateway`;
    return { exists: false, controllerName: '', claimed: false, message, computed: [condition('Accepted', 'False', 'NotFound', message)] };
  }
  const controllerName = cls.spec?.controllerName ?? '';
  const accepted = findCondition(cls.status?.conditions, 'Accepted');
  // "Waiting" was the default reason before v0.6 (GatewayClassReasonWaiting, now deprecated).
  if (!accepted || (accepted.status === 'Unknown' && (accepted.reason === 'Pending' || accepted.reason === 'Waiting'))) {
    const message =
      `GatewayClass ${name} has no status from a controller: nothing running claims controllerName ${controllerName} ` +
      `(is that controller installed and running?)`;
    return { exists: true, controllerName, claimed: false, message, computed: [condition('Accepted', 'Unknown', 'Pending', message)] };
  }
  if (accepted.status === 'True') {
    return {
      exists: true,
      controllerName,
      claimed: true,
      message: '',
      computed: [condition('Accepted', 'True', accepted.reason, `accepted by its controller ${controllerName}`)],
    };
  }
  const message = `GatewayClass ${name} is not accepted by ${controllerName} (${accepted.reason}${accepted.message ? `: ${accepted.message}` : ''})`;
  return {
    exists: true,
    controllerName,
    claimed: accepted.status === 'Unknown',
    message,
    computed: [condition('Accepted', accepted.status, accepted.reason, message)],
  };
}
