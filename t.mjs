import { PGlite } from '@electric-sql/pglite'
const t0=Date.now()
const db = new PGlite()
await db.waitReady
console.log('ready', Date.now()-t0)
await db.exec(`create role app nologin; create table t(p uuid, x int); alter table t enable row level security;
create policy p on t using (p = nullif(current_setting('l.p', true),'')::uuid);
grant select, insert on t to app;
insert into t values ('00000000-0000-0000-0000-000000000001',1),('00000000-0000-0000-0000-000000000002',2);
create function f() returns text language plpgsql as $$ begin return encode(sha256(convert_to('a','UTF8')),'hex'); end $$;`)
await db.exec(`set role app; select set_config('l.p','00000000-0000-0000-0000-000000000001',false)`)
console.log((await db.query('select * from t')).rows, (await db.query('select current_user, f()')).rows)
await db.exec('reset role')
console.log((await db.query('select count(*) from t')).rows)
const t1=Date.now(); const dump = await db.dumpDataDir('none'); console.log('dump', Date.now()-t1, dump.size)
const t2=Date.now(); const db2 = new PGlite({loadDataDir: dump}); await db2.waitReady; console.log('load', Date.now()-t2, (await db2.query('select count(*) from t')).rows)
const t3=Date.now(); const db3 = await db.clone(); console.log('clone', Date.now()-t3)
