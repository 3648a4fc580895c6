#!/bin/sh
# Run once by the postgres image when the data volume is new: the app's own login role.
# `intake db upgrade` (the migrate service, as the owner) grants it its rights on the tables.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE intake_app LOGIN PASSWORD :'app_password';
SQL
