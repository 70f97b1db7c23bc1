// Every vdocs tool only reads (readOnlyHint makes destructive/idempotent hints moot, so they are left out).
export const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;
