/**
 * Reads the caller's permissions from IAM through the Keystone-shaped paths that Huawei Cloud IAM
 * serves (and Keystone itself, for OpenStack settings): the caller's own token, its user groups,
 * the grants on the project and those inherited to all projects, agency grants, and the
 * document (`policy` field) of each granted role.
 *
 * Paths: Huawei Cloud IAM API reference as the official SDKs encode it
 * (huaweicloud-sdk-go-v3 services/iam/v3/iam_meta.go), and Keystone's v3 API for the
 * user-level grant paths that only Keystone serves.
 */
import { isApiStatus, KeypairError } from "../errors";
import { HttpResponse } from "../http/client";
import { debug } from "../log";
import { CallerIdentity } from "./conditions";

/** The reader's access to the cloud: authenticated GETs below the IAM base URL. */
export interface IamTransport {
    /** IAM (Keystone) base URL without `/v3`, for example `https://iam.ap-southeast-1.myhuaweicloud.com`. */
    baseUrl: string;
    /** GETs a URL with the caller's credentials; see ComputeClient.getFromCloud. */
    get(url: string, expect: number[], options?: { subjectIsCaller?: boolean }): Promise<HttpResponse>;
    /** The access key when requests are signed (AK/SK); such a caller has no token to read. */
    accessKey?: string;
    /** The project that requests act on, known from the settings or the token. */
    projectId(): Promise<string>;
}

/** A role or policy granted to the caller, as IAM returned it. */
export interface GrantedRole {
    id?: string;
    /** The name IAM uses ("system_all_1", "te_admin", a custom policy's generated name). */
    name?: string;
    /** The name the console shows ("ECS FullAccess"). */
    displayName?: string;
    /** The `policy` field of the role, when IAM returned one. */
    document?: unknown;
    /** The grant path, for messages: "project grant to group dev". */
    via: string;
}

/** The caller as its own token describes it, and the roles the token carries. */
export interface TokenView {
    identity: CallerIdentity & { domainId?: string };
    roles: { id?: string; name: string }[];
    /** Set for a token of an agency (an assumed role): the agency's id. */
    agencyId?: string;
}

export interface IamReading {
    token?: TokenView;
    /** Every grant of the caller in the project; undefined when some grant list could not be read. */
    grants?: GrantedRole[];
    /** Each read that failed, as "GET path: HTTP 403 (...)". */
    problems: string[];
    /** Number of HTTP requests sent to IAM. */
    calls: number;
}

/** Reads what the caller may read of its permissions in the project. Never throws for an error response from IAM. */
export async function readIam(transport: IamTransport): Promise<IamReading> {
    const reader = new IamReader(transport);
    return reader.read();
}

class IamReader {
    private readonly problems: string[] = [];
    private calls = 0;
    private readonly roleDocuments = new Map<string, Promise<GrantedRole | undefined>>();

    constructor(private readonly transport: IamTransport) {}

    async read(): Promise<IamReading> {
        const token = await this.readToken();
        if (token === undefined) {
            return { problems: this.problems, calls: this.calls };
        }
        const projectId = token.identity.projectId ?? (await this.transport.projectId());
        const grants = token.agencyId !== undefined ? await this.readAgencyGrants(token, projectId) : await this.readUserGrants(token, projectId);
        const withDocuments = grants === undefined ? undefined : await Promise.all(grants.map((grant) => this.withDocument(grant)));
        return { token, grants: withDocuments, problems: this.problems, calls: this.calls };
    }

    /** Reads the caller's own token, or for an access key its user (GET /v3.0/OS-CREDENTIAL/credentials/{ak}). */
    private async readToken(): Promise<TokenView | undefined> {
        if (this.transport.accessKey !== undefined) {
            return this.readAccessKeyOwner(this.transport.accessKey);
        }
        const body = await this.getJson("/v3/auth/tokens", { subjectIsCaller: true });
        const token = (body as { token?: Record<string, unknown> } | undefined)?.token;
        if (token === undefined) {
            return undefined;
        }
        const user = record(token.user);
        const userDomain = record(user?.domain);
        const project = record(token.project);
        const roles = Array.isArray(token.roles) ? token.roles.map(record).filter((role) => typeof role?.name === "string") : [];
        const view: TokenView = {
            identity: {
                userId: text(user?.id),
                userName: text(user?.name),
                domainName: text(userDomain?.name),
                domainId: text(userDomain?.id) ?? text(record(project?.domain)?.id),
                projectId: text(project?.id),
                projectName: text(project?.name),
            },
            roles: roles.map((role) => ({ id: text(role?.id), name: String(role?.name) })),
        };
        // An agency token names the agency as its user ("account/agency") and the real caller in assumed_by.
        if (token.assumed_by !== undefined && view.identity.userId !== undefined) {
            view.agencyId = view.identity.userId;
        }
        return view;
    }

    // NOTE: not verified against Huawei Cloud. IAM documents this path for a user's own permanent
    // access key; a temporary key has no credential record, so its caller stays unknown here.
    private async readAccessKeyOwner(accessKey: string): Promise<TokenView | undefined> {
        const body = await this.getJson(`/v3.0/OS-CREDENTIAL/credentials/${encodeURIComponent(accessKey)}`);
        const userId = text(record(record(body)?.credential)?.user_id);
        if (userId === undefined) {
            return undefined;
        }
        const user = record(record(await this.getJson(`/v3/users/${encodeURIComponent(userId)}`))?.user);
        return {
            identity: { userId, userName: text(user?.name), domainId: text(user?.domain_id), projectId: await this.transport.projectId() },
            roles: [],
        };
    }

    private async readUserGrants(token: TokenView, projectId: string): Promise<GrantedRole[] | undefined> {
        const { userId, domainId } = token.identity;
        if (userId === undefined || domainId === undefined) {
            this.problems.push("the token names no user or domain, so its grants cannot be listed");
            return undefined;
        }
        const groupsBody = await this.getJson(`/v3/users/${enc(userId)}/groups`);
        const groups = listOf(groupsBody, "groups");
        if (groups === undefined) {
            return undefined;
        }
        const lists: Promise<GrantedRole[] | undefined>[] = [
            // Huawei Cloud IAM grants to user groups; Keystone also grants to users directly, and a
            // 404 from IAM on these two paths means the path is not served, not a missing grant list.
            this.readGrantList(`/v3/projects/${enc(projectId)}/users/${enc(userId)}/roles`, "project grant to the user", true),
            this.readGrantList(
                `/v3/OS-INHERIT/domains/${enc(domainId)}/users/${enc(userId)}/roles/inherited_to_projects`,
                "grant to the user for all projects",
                true,
            ),
        ];
        for (const group of groups) {
            const groupId = text(group.id);
            if (groupId === undefined) {
                continue;
            }
            const groupName = text(group.name) ?? groupId;
            lists.push(this.readGrantList(`/v3/projects/${enc(projectId)}/groups/${enc(groupId)}/roles`, `project grant to group ${groupName}`));
            lists.push(
                this.readGrantList(
                    `/v3/OS-INHERIT/domains/${enc(domainId)}/groups/${enc(groupId)}/roles/inherited_to_projects`,
                    `grant to group ${groupName} for all projects`,
                ),
            );
        }
        return mergeGrantLists(await Promise.all(lists));
    }

    private async readAgencyGrants(token: TokenView, projectId: string): Promise<GrantedRole[] | undefined> {
        const agencyId = enc(token.agencyId!);
        const domainId = token.identity.domainId;
        if (domainId === undefined) {
            this.problems.push("the agency token names no domain, so its grants for all projects cannot be listed");
            return undefined;
        }
        const lists = await Promise.all([
            this.readGrantList(`/v3.0/OS-AGENCY/projects/${enc(projectId)}/agencies/${agencyId}/roles`, "project grant to the agency"),
            this.readGrantList(
                `/v3.0/OS-INHERIT/domains/${enc(domainId)}/agencies/${agencyId}/roles/inherited_to_projects`,
                "grant to the agency for all projects",
            ),
        ]);
        return mergeGrantLists(lists);
    }

    private async readGrantList(path: string, via: string, notServedIsEmpty = false): Promise<GrantedRole[] | undefined> {
        const body = await this.getJson(path, {}, notServedIsEmpty ? [404] : []);
        if (body === NOT_SERVED) {
            return [];
        }
        const roles = listOf(body, "roles");
        return roles?.map((role) => toGrantedRole(role, via));
    }

    /** Adds the document of a role that the grant list returned without one (GET /v3/roles/{id}). */
    private async withDocument(grant: GrantedRole): Promise<GrantedRole> {
        if (grant.document !== undefined || grant.id === undefined) {
            return grant;
        }
        let pending = this.roleDocuments.get(grant.id);
        if (pending === undefined) {
            pending = this.readRole(grant.id, grant.via);
            this.roleDocuments.set(grant.id, pending);
        }
        const role = await pending;
        return role === undefined ? grant : { ...grant, ...role, via: grant.via };
    }

    /** Reads a system permission (GET /v3/roles/{id}), else a custom policy (GET /v3.0/OS-ROLE/roles/{id}). */
    private async readRole(id: string, via: string): Promise<GrantedRole | undefined> {
        const system = await this.getJson(`/v3/roles/${enc(id)}`, {}, [404]);
        const body = system === NOT_SERVED ? await this.getJson(`/v3.0/OS-ROLE/roles/${enc(id)}`) : system;
        const role = record(record(body)?.role);
        return role === undefined ? undefined : toGrantedRole(role, via);
    }

    /**
     * GETs a path below the IAM base URL and returns the parsed body, NOT_SERVED for a status in
     * `notServed`, or undefined after noting the failure in `problems`.
     */
    private async getJson(path: string, options: { subjectIsCaller?: boolean } = {}, notServed: number[] = []): Promise<unknown> {
        this.calls++;
        try {
            const response = await this.transport.get(`${this.transport.baseUrl}${path}`, [200, ...notServed], options);
            if (notServed.includes(response.status)) {
                debug("IAM does not serve %s (HTTP %d)", path, response.status);
                return NOT_SERVED;
            }
            return response.body;
        } catch (error) {
            if (!KeypairError.isInstance(error) || (error.code !== "API_ERROR" && error.code !== "NETWORK_ERROR")) {
                throw error;
            }
            const status = isApiStatus(error, 403) ? "HTTP 403, the caller may not read it" : error.message;
            this.problems.push(`GET ${path}: ${status}`);
            return undefined;
        }
    }
}

const NOT_SERVED = Symbol("not served");

function toGrantedRole(role: Record<string, unknown>, via: string): GrantedRole {
    const grant: GrantedRole = { via };
    const id = text(role.id);
    const name = text(role.name);
    const displayName = text(role.display_name);
    if (id !== undefined) {
        grant.id = id;
    }
    if (name !== undefined) {
        grant.name = name;
    }
    if (displayName !== undefined) {
        grant.displayName = displayName;
    }
    if (role.policy !== undefined && role.policy !== null) {
        grant.document = role.policy;
    }
    return grant;
}

/** Joins the grant lists, keeping one entry per role id; undefined when any list is missing. */
function mergeGrantLists(lists: (GrantedRole[] | undefined)[]): GrantedRole[] | undefined {
    if (lists.some((list) => list === undefined)) {
        return undefined;
    }
    const byId = new Map<string, GrantedRole>();
    const withoutId: GrantedRole[] = [];
    for (const grant of lists.flat() as GrantedRole[]) {
        if (grant.id === undefined) {
            withoutId.push(grant);
        } else if (!byId.has(grant.id)) {
            byId.set(grant.id, grant);
        }
    }
    return [...byId.values(), ...withoutId];
}

function listOf(body: unknown, key: string): Record<string, unknown>[] | undefined {
    const list = record(body)?.[key];
    return Array.isArray(list) ? list.map(record).filter((entry): entry is Record<string, unknown> => entry !== undefined) : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

function enc(value: string): string {
    return encodeURIComponent(value);
}
