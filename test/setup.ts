// Global test setup: every test process gets its own temporary database. getDb() (lib/db/client.ts)
// creates it and applies the migrations on first use. A SIFT_DB already set in the environment is kept.
process.env.SIFT_DB ??= `${process.env.TMPDIR ?? '/tmp'}/sift-test-${process.pid}-${Date.now()}.db`;
