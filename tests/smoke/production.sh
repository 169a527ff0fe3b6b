#!/usr/bin/env bash
# The production path exactly as the README's "Deploying" section gives it, proven end to end:
# collectstatic and migrate with config.settings.production, seed_demo into a fresh PostgreSQL
# database, gunicorn on loopback with Redis as the broker, then every demo role in Debian's
# Chromium (tests/smoke/prod_smoke.py), then the browser stories (tests/smoke/browser_stories.py).
# Screenshots and logs go to ci-artifacts/.
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
DB=${SMOKE_DB:-khcn_smoke}
ART=ci-artifacts

# The browser is Debian's package; Playwright never downloads one.
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
rm -rf "$ART" && mkdir -p "$ART"

PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DJANGO_SETTINGS_MODULE=config.settings.production
DJANGO_SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=127.0.0.1
# No TLS proxy here: no redirect to https, and the browser's http origin is trusted for CSRF
# (behind nginx the origin is https://<host> and needs no such line).
export DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$PORT"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export CELERY_BROKER_URL=${SMOKE_BROKER_URL:-redis://127.0.0.1:6379/2}
export DJANGO_CACHE_URL=${SMOKE_CACHE_URL:-redis://127.0.0.1:6379/3}

psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB" >/dev/null
psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $DB" >/dev/null

$PY manage.py collectstatic --noinput -v0
$PY manage.py migrate --noinput -v0
$PY manage.py seed_demo >"$ART/seed_demo.log"

.venv/bin/gunicorn config.wsgi -b "127.0.0.1:$PORT" -w 2 --timeout 60 \
  --access-logfile "$ART/gunicorn-access.log" --error-logfile "$ART/gunicorn.log" &
GUNICORN=$!
# Stop gunicorn however this script ends.
trap 'kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true' EXIT

for _ in $(seq 60); do
  $PY -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/healthz', timeout=2)" \
    2>/dev/null && break
  kill -0 "$GUNICORN" 2>/dev/null || { cat "$ART/gunicorn.log"; exit 1; }
  sleep 0.5
done

timeout 240 $PY tests/smoke/prod_smoke.py "http://127.0.0.1:$PORT" "$ART"
# What users do, through the pages (issue 13): validation, confirmations, the 404 door, a
# proposal through every council to completed, every role's home at desktop and phone size.
timeout 540 $PY tests/smoke/browser_stories.py "http://127.0.0.1:$PORT" "$ART"
