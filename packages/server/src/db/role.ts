/** The database role the server works as (see migrations/0002_application_role.ts). */
export const APPLICATION_ROLE = 'cartographer_app';
