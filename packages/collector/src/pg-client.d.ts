// `pg` ships no types for its Client module path; it is the same class as `pg`'s Client.
declare module 'pg/lib/client.js' {
  import type { Client } from 'pg';
  const PgClientClass: typeof Client;
  export default PgClientClass;
}
