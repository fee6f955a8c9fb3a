import { sql, type Kysely } from 'kysely';
import { APPLICATION_ROLE } from '../role.js';

/**
 * The role the server works as after migrating (SET ROLE on every pooled connection): it may
 * read and write the clinical tables, but only read and append the audit trail, so that a
 * defect or an injected statement in the application cannot rewrite history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const role = sql.id(APPLICATION_ROLE);
  // Roles are cluster-wide; several databases (and concurrent test runs) may create it at once.
  await sql`
    DO $$ BEGIN
      CREATE ROLE ${sql.raw(APPLICATION_ROLE)} NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;
  `.execute(db);
  await sql`DO $$ BEGIN
      EXECUTE format('GRANT %I TO %I', ${sql.lit(APPLICATION_ROLE)}, current_user);
    EXCEPTION WHEN OTHERS THEN NULL;
    END $$;`.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO ${role}`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`.execute(db);
  await sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${role}`.execute(db);
  await sql`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON kysely_migration, kysely_migration_lock FROM ${role}`.execute(db);
  await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`.execute(db);
}
