#!/bin/sh
# Creates Temporal's two PostgreSQL databases, `temporal` and `temporal_visibility`, and brings their schemas up to
# date, with Temporal's own temporal-sql-tool: the steps of Temporal's compose files, run by the admin-tools image.
# Idempotent: on existing databases it applies only the schema versions that are missing.
#
# Runs in the admin-tools image (the temporal-schema service of docker-compose.yml) and, unchanged, on this machine
# for `npm run test:cluster` (scripts/cluster/cluster.mjs puts a temporal-sql-tool of the same version on the PATH).
#
# Environment: POSTGRES_SEEDS (host), DB_PORT (5432), POSTGRES_USER, SQL_PASSWORD (read by temporal-sql-tool),
# TEMPORAL_SCHEMA_DIR (/etc/temporal/schema, where the admin-tools image keeps the schema files).
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS (the PostgreSQL host) is required}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
port=${DB_PORT:-5432}
versioned=${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema}/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$port" -u "$POSTGRES_USER" "$@"
}

# PostgreSQL may still be starting (its healthcheck passes before it accepts TCP connections on some set-ups).
attempt=1
until out=$(sql_tool --db temporal create 2>&1); do
  if [ "$attempt" -ge 30 ]; then
    echo "PostgreSQL at $POSTGRES_SEEDS:$port did not accept the connection after $attempt tries: $out" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 1
done

echo "Setting up the temporal database"
sql_tool --db temporal setup-schema -v 0.0
sql_tool --db temporal update-schema -d "$versioned/temporal/versioned"

echo "Setting up the temporal_visibility database"
sql_tool --db temporal_visibility create
sql_tool --db temporal_visibility setup-schema -v 0.0
sql_tool --db temporal_visibility update-schema -d "$versioned/visibility/versioned"

echo "PostgreSQL schema set-up complete"
