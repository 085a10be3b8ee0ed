export { createPostgresDb, type PostgresDbOptions } from "./db-postgres";
