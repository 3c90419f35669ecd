/** The IAM permission check of `pulumi preview`: pure functions over policy documents, with no I/O. */
export { isKeypairAction, KEYPAIR_ACTIONS, requiredActions } from "./actions";
export type { KeypairAction, KeypairOperation } from "./actions";
export { findCatalogueEntry, SYSTEM_PERMISSIONS } from "./catalogue";
export type { CatalogueEntry } from "./catalogue";
export { evaluateAction, evaluateActions, permissionLabel } from "./evaluate";
export type {
    ActionDecision,
    CallerIdentity,
    Decision,
    EvaluationRequest,
    HeldPermission,
    StatementOutcome,
    UnresolvedPermission,
} from "./evaluate";
export { describeDenial, suggestPolicy } from "./suggest";
