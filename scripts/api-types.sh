#!/bin/sh
# The front end's API types, generated from the OpenAPI schema: writes
# frontend/src/api/schema.d.ts (committed), or the file given as $1.
# `make types` or `npm run types` runs it; tests/test_generated_types.py checks it is current.
set -eu
cd "$(dirname "$0")/.."
out="${1:-frontend/src/api/schema.d.ts}"
schema=$(mktemp /tmp/openapi.XXXXXX.json)
log=$(mktemp /tmp/openapi.XXXXXX.log)
trap 'rm -f "$schema" "$log"' EXIT
# The embedded default (SQLite, no Redis), whatever this shell has set: integer ranges in
# the schema follow the database, and the file must come out the same on every machine.
if ! env -i PATH="$PATH" HOME="${HOME:-/tmp}" .venv/bin/python manage.py spectacular \
    --format openapi-json --file "$schema" >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
fi
frontend/node_modules/.bin/openapi-typescript "$schema" --output "$out" >/dev/null
