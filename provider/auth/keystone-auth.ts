/** CloudAuth over Keystone tokens: the X-Auth-Token header and the catalog's compute endpoint. */
import { computeEndpointFrom, KeystoneAuth } from "./keystone";
import { OpenStackSettings } from "./settings";
import { CloudAuth, OutgoingRequest } from "./types";

export class KeystoneCloudAuth implements CloudAuth {
    constructor(
        private readonly keystone: KeystoneAuth,
        private readonly settings: OpenStackSettings,
    ) {}

    async computeEndpoint(): Promise<string> {
        return computeEndpointFrom(await this.keystone.getSession(), this.settings);
    }

    async identity(): Promise<{ userId: string; projectId: string }> {
        const session = await this.keystone.getSession();
        return { userId: session.userId, projectId: session.projectId };
    }

    async authorize(request: OutgoingRequest): Promise<string> {
        const { token } = await this.keystone.getSession();
        request.headers["x-auth-token"] = token;
        return token;
    }

    rejected(token: string): boolean {
        if (this.keystone.usesFixedToken) {
            return false;
        }
        this.keystone.invalidate(token);
        return true;
    }
}
