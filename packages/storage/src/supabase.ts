export { createSupabaseBlobStore, type SupabaseBlobStoreOptions } from "./blob-store-supabase";
