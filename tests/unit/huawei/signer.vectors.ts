/**
 * Published SDK-HMAC-SHA256 examples, as inputs and the values their sources print. Each vector
 * names where its numbers come from; a field left out of `expected` is not published there.
 */
import { AccessKeyCredentials } from "../../../provider/huawei/signer";

export interface SignerVector {
    name: string;
    source: string;
    request: {
        method: string;
        url: string;
        /** The headers to sign besides X-Sdk-Date (and X-Security-Token for temporary keys). */
        headers: Record<string, string>;
        body: string;
        date: string;
        credentials: AccessKeyCredentials;
    };
    expected: {
        canonicalRequest?: string;
        hashedCanonicalRequest?: string;
        stringToSign?: string;
        signature?: string;
        authorization?: string;
    };
}

const EMPTY_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export const signerVectors: SignerVector[] = [
    {
        name: "signing guide: GET vpcs with limit and marker",
        source:
            "Huawei Cloud API Request Signing Guide, AK/SK signing example " +
            "(support.huaweicloud.com/devg-apisign/api-sign-algorithm-002 to -005)",
        request: {
            method: "GET",
            url: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
            headers: { "content-type": "application/json", host: "service.region.example.com" },
            body: "",
            date: "2019-11-15T03:36:55Z",
            credentials: { accessKey: "QTWAOYTTINDUT2QVKYUC", secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc" },
        },
        expected: {
            canonicalRequest: [
                "GET",
                "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/",
                "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
                "content-type:application/json",
                "host:service.region.example.com",
                "x-sdk-date:20191115T033655Z",
                "",
                "content-type;host;x-sdk-date",
                EMPTY_HASH,
            ].join("\n"),
            hashedCanonicalRequest: "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
            stringToSign: "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
            signature: "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
            authorization:
                "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, " +
                "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
        },
    },
    {
        name: "API Gateway FAQ: canonical request of GET /app1",
        source:
            "Huawei Cloud API Gateway FAQ, 'Incorrect IAM authentication information: verify aksk signature fail' " +
            "(apig-faq-0003), which prints the gateway's canonicalRequest; the secret key is not published",
        request: {
            method: "GET",
            url: "http://test.com/app1",
            headers: { host: "test.com" },
            body: "",
            date: "2019-01-26T03:34:27Z",
            credentials: { accessKey: "071fe245-9cf6-4d75-822d-c29945a1e06a", secretKey: "unpublished" },
        },
        expected: {
            canonicalRequest: ["GET", "/app1/", "", "host:test.com", "x-sdk-date:20190126T033427Z", "", "host;x-sdk-date", EMPTY_HASH].join(
                "\n",
            ),
        },
    },
    {
        name: "Go SDK: GET with one query parameter",
        source:
            "huaweicloud-sdk-go-v3 core/auth/signer/signer_test.go, TestSigner_Sign test1 " +
            "(its signer leaves out headers with '_', so TEST_UNDERSCORE is not signed and not listed here)",
        request: {
            method: "GET",
            url: "https://example.huaweicloud.com/path?limit=1",
            headers: {},
            body: "",
            date: "2006-01-02T15:04:05Z",
            credentials: { accessKey: "AccessKey", secretKey: "SecretKey" },
        },
        expected: {
            authorization:
                "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, " +
                "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
        },
    },
    {
        name: "Go SDK: POST with a JSON body",
        source:
            "huaweicloud-sdk-go-v3 core/auth/signer/signer_test.go, TestSigner_Sign test2; the body is what Go's " +
            "json.Encoder writes for the test struct, newline included, and Content-Type is not signed by that signer",
        request: {
            method: "POST",
            url: "https://example.huaweicloud.com/path?key=value",
            headers: {},
            body: '{"Name":"test","Id":1}\n',
            date: "2006-01-02T15:04:05Z",
            credentials: { accessKey: "AccessKey", secretKey: "SecretKey" },
        },
        expected: {
            authorization:
                "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, " +
                "Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
        },
    },
];

export interface QueryVector {
    name: string;
    source: string;
    params: [string, string][];
    expected: string;
}

export const queryVectors: QueryVector[] = [
    {
        name: "Go SDK: repeated, reserved and unicode values",
        source: "huaweicloud-sdk-go-v3 core/auth/signer/signer_test.go, TestSigner_canonicalQueryString",
        params: [
            ["limit", "1"],
            ["enable", "true"],
            ["test", "一 (&=?!#%.*)"],
            ["path", "/tmp/123"],
            ["multi", "1"],
            ["multi", "2"],
            ["multi", "3"],
        ],
        expected: "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29",
    },
    {
        name: "signing guide: limit and marker",
        source: "Huawei Cloud API Request Signing Guide, AK/SK signing example",
        params: [
            ["marker", "13551d6b-755d-4757-b956-536f674975c0"],
            ["limit", "2"],
        ],
        expected: "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
    },
];
