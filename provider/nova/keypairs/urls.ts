/** Paths of the os-keypairs API below a project's compute endpoint. */
export const KEYPAIRS_PATH = "/os-keypairs";

export function listPath(): string {
    return KEYPAIRS_PATH;
}

export function keypairPath(name: string): string {
    return `${KEYPAIRS_PATH}/${encodeURIComponent(name)}`;
}
