/**
 * Debug logging, off unless NODE_DEBUG includes `os-keypairs`. Callers pass only method, host,
 * path, status, timing and ids: never headers, bodies, tokens, passwords or keys.
 */
import { debuglog } from "node:util";

export const debug = debuglog("os-keypairs");
