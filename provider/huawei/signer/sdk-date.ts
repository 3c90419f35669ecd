/** Formats a time as X-Sdk-Date wants it: UTC in the basic ISO 8601 form, `YYYYMMDDTHHMMSSZ`. */
export function formatSdkDate(date: Date): string {
    return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}
