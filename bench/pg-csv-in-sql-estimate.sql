-- What rendering the per-judgment CSV in PostgreSQL would cost its backend (issue 8, CSV export):
-- a naive rendering of the bench project's rows (its four data fields, no quoting, no formula
-- guard, no fallbacks), so a floor, not a renderer. Prints the backend's CPU ticks (1/100 s)
-- before and after one COPY of every row to /dev/null. Run it on the PostgreSQL machine:
--
--   psql -q postgres://postgres@127.0.0.1:5432/DB -v schema=SCHEMA -v project=1 \
--     -f bench/pg-csv-in-sql-estimate.sql
--
-- SCHEMA as `npm run bench -- --only export-pg --keep --skip-pages --pg-url URL` printed it.
set search_path = :schema;
select pg_backend_pid() as pid \gset
\setenv PID :pid
\! awk '{print "backend CPU ticks before", $14+$15}' /proc/$PID/stat
\o /dev/null
copy (select concat(t.id, ',', t.external_id, ',', d->>'query', ',', d->>'text', ',', d->>'language', ',', d->>'source', ',', j.id, ',', j.annotator_id, ',', j.value, ',', j.guideline_version, ',', j.active_ms, ',', to_char(timestamp 'epoch' + j.created_at * interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), ',', coalesce(t.gold, '')) from tasks t cross join lateral (select t.data::jsonb as d) x join judgments j on j.project_id = t.project_id and j.task_id = t.id where t.project_id = :project order by t.id, j.id) to stdout;
\o
\! awk '{print "backend CPU ticks after", $14+$15}' /proc/$PID/stat
