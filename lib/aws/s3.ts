/**
 * S3 bucket types. The facts about buckets live in lib/facts/s3.ts; the link table
 * (lib/graph/links.ts) declares the same list as `BUCKET_TYPES`.
 */
import { BUCKET_TYPES as LINKED_BUCKET_TYPES } from "../graph/links";

export const BUCKET_TYPES: string[] = [...LINKED_BUCKET_TYPES];
